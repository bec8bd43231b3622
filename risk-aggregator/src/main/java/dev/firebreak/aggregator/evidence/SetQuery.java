package dev.firebreak.aggregator.evidence;

import jakarta.persistence.EntityManager;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A query about many workers of one tenant at once: the workers are bound as one {@code varchar[]}
 * ({@code worker_id = any(?)}), so a set of any size is one statement with one plan, never an IN list of thousands of
 * parameters. Large sets go in chunks.
 */
public final class SetQuery {

    /** Workers per statement. */
    static final int CHUNK = 2_000;

    private SetQuery() {
    }

    /** Maps one row. */
    @FunctionalInterface
    public interface Row {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code sql} for the workers (in chunks), handing each row to {@code row}. The parameters are bound in
     * order; {@link #WORKERS} stands for the (chunk of the) workers' array, a {@code String[]} is bound as a
     * {@code varchar[]}, an Instant as a {@code timestamptz}.
     */
    public static void run(EntityManager em, String sql, Collection<String> workers, Row row, Object... parameters) {
        if (workers.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(workers);
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int from = 0; from < all.size(); from += CHUNK) {
                    Array array = connection.createArrayOf("varchar",
                            all.subList(from, Math.min(all.size(), from + CHUNK)).toArray());
                    execute(connection, query, array, row, parameters);
                    array.free();
                }
            }
        });
    }

    /** Runs {@code sql} once with these parameters (bound as in {@link #run}; no {@link #WORKERS}). */
    public static void once(EntityManager em, String sql, Row row, Object... parameters) {
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                execute(connection, query, null, row, parameters);
            }
        });
    }

    private static void execute(java.sql.Connection connection, PreparedStatement query, Array workers, Row row,
                                Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            if (p == WORKERS) {
                query.setArray(i + 1, workers);
            } else if (p instanceof String[] values) {
                query.setArray(i + 1, connection.createArrayOf("varchar", values));
            } else if (p instanceof java.time.Instant instant) {
                query.setObject(i + 1, instant.atOffset(java.time.ZoneOffset.UTC));
            } else {
                query.setObject(i + 1, p);
            }
        }
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                row.read(rows);
            }
        }
    }

    /** The placeholder for the workers' array in {@link #run}'s parameters. */
    public static final Object WORKERS = new Object();

    /** A {@code timestamptz} column of a row, as the kit reads native timestamps ({@code Timestamps}). */
    public static java.time.Instant instant(ResultSet row, String column) throws SQLException {
        return dev.firebreak.kit.persistence.Timestamps.instant(row.getObject(column));
    }
}
