package dev.firebreak.kit.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * One statement about a whole set: the set is bound as one array ({@code worker_id = any(?)},
 * {@code unnest(?::varchar[], ...)}), so a set of any size is one statement with one plan, never an IN list of
 * thousands of parameters nor a statement per row. Every service's stores use it (native JDBC through the
 * EntityManager's connection, in the caller's transaction).
 *
 * <p>Parameters are bound in order: a {@code String[]} as a {@code varchar[]}, a {@code UUID[]} as a {@code uuid[]}, a
 * {@code Long[]} as a {@code bigint[]}, a {@code Double[]} as a {@code float8[]}, {@link #array} as the array type it
 * names, an {@link Instant} as a {@code timestamptz}, {@code null} as an SQL null, anything else as JDBC binds it;
 * {@link #SET} stands for the (chunk of the) set in {@link #run}.
 */
public final class SetQuery {

    /** Elements of the set per statement in {@link #run}. */
    public static final int CHUNK = 2_000;

    /** The placeholder for the set's array in {@link #run}'s parameters. */
    public static final Object SET = new Object();

    private SetQuery() {
    }

    /** An array parameter of an explicit SQL element type ({@code "text"}, {@code "float8"}, ...). */
    public record ArrayOf(String type, Object[] values) {
    }

    public static ArrayOf array(String type, Object[] values) {
        return new ArrayOf(type, values);
    }

    /** Maps one row. */
    @FunctionalInterface
    public interface Row {
        void read(ResultSet row) throws SQLException;
    }

    /** Runs {@code sql} for the set, in chunks of {@link #CHUNK}, handing each row to {@code row}. */
    public static void run(EntityManager em, String sql, Collection<String> set, Row row, Object... parameters) {
        if (set.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(set);
        em.unwrap(Session.class).doWork(connection -> {
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

    /** Runs {@code sql} once with these parameters (no {@link #SET}), handing each row to {@code row}. */
    public static void once(EntityManager em, String sql, Row row, Object... parameters) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                execute(connection, query, null, row, parameters);
            }
        });
    }

    /** Runs an update (no rows returned) once with these parameters; the number of rows it changed. */
    public static int update(EntityManager em, String sql, Object... parameters) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                bind(connection, update, null, parameters);
                return update.executeUpdate();
            }
        });
    }

    private static void execute(Connection connection, PreparedStatement query, Array set, Row row,
                                Object... parameters) throws SQLException {
        bind(connection, query, set, parameters);
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                row.read(rows);
            }
        }
    }

    private static void bind(Connection connection, PreparedStatement query, Array set, Object... parameters)
            throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            switch (p) {
                case null -> query.setNull(i + 1, Types.VARCHAR);
                case String[] values -> query.setArray(i + 1, connection.createArrayOf("varchar", values));
                case UUID[] values -> query.setArray(i + 1, connection.createArrayOf("uuid", values));
                case Long[] values -> query.setArray(i + 1, connection.createArrayOf("bigint", values));
                case Double[] values -> query.setArray(i + 1, connection.createArrayOf("float8", values));
                case ArrayOf a -> query.setArray(i + 1, connection.createArrayOf(a.type(), a.values()));
                case Instant instant -> query.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
                default -> {
                    if (p == SET) {
                        query.setArray(i + 1, set);
                    } else {
                        query.setObject(i + 1, p);
                    }
                }
            }
        }
    }

    /** A {@code timestamptz} column of a row, as the kit reads native timestamps ({@link Timestamps}). */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        return Timestamps.instant(row.getObject(column));
    }
}
