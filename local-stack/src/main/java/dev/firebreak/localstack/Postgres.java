package dev.firebreak.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 server (zonky's embedded binaries, run as a child process by {@code pg_ctl}) with
 * one database per service. The data folder survives restarts.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private Postgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts on a fixed port with a persistent data folder (the local stack). */
    public static Postgres start(Path dataDir, int port) {
        Ports.requireFree(port, "PostgreSQL");
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    // PostgreSQL's default (128 MB) is sized for the smallest machines: with a store of a million
                    // observations and signals most of the aggregator's refresh reads then miss the buffer cache.
                    // Production sizes it to about a quarter of the server's memory (k8s/).
                    .setServerConfig("shared_buffers", "1GB")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            // extra server settings for a diagnosis, e.g. "auto_explain.log_min_duration=2000 auto_explain.log_analyze=on
            // shared_preload_libraries=auto_explain" (space-separated name=value pairs)
            String extra = System.getProperty("firebreak.stack.postgres-options",
                    System.getenv().getOrDefault("FIREBREAK_STACK_POSTGRES_OPTIONS", ""));
            for (String option : extra.strip().split("\\s+")) {
                int eq = option.indexOf('=');
                if (eq > 0) {
                    builder.setServerConfig(option.substring(0, eq), option.substring(eq + 1));
                }
            }
            return new Postgres(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    /** Starts on a free port with a throw-away data folder (tests). */
    public static Postgres startForTests() {
        try {
            return new Postgres(EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates the database unless it exists (idempotent: the local stack calls it at every start). */
    public Postgres ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("unsafe database name: " + database);
        }
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + database + "'")) {
                if (rs.next()) {
                    return this;
                }
            }
            statement.execute("create database " + database);
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
