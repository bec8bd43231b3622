package dev.firebreak.aggregator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.aggregator.webhook.Webhooks;
import dev.firebreak.localstack.Postgres;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the webhooks (issue 27) add to each assessment refresh batch, on a real PostgreSQL with the aggregator's
 * migrations, for a batch of 500 changes (the refresher's default batch), as {@code Webhooks.onChanges} does it with
 * its statements: {@code tenantWithoutWebhooks} is almost every tenant's case (which tenants have a webhook: none, done);
 * {@code tenantWithAWebhook} builds the 500 payloads and inserts the events and their deliveries;
 * {@code everyPayloadAndTheInsert} is how it was first written (every payload built and the insert's statement run,
 * inserting nothing for a tenant without a webhook). Compare with a refresh batch's own time: the refresh of
 * WorkerListBench ran 4,750–5,907 workers/s, about 85–105 ms per batch of 500.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WebhookOutboxBenchmark {

    private static final int BATCH = 500;
    private final ObjectMapper json = new ObjectMapper();
    private Postgres postgres;
    private Connection connection;
    private PreparedStatement keep;
    private PreparedStatement hooked;

    @Setup
    public void setUp() throws SQLException {
        postgres = Postgres.startForTests().ensureDatabase("bench");
        String url = postgres.jdbcUrl("bench");
        Flyway.configure().dataSource(url, Postgres.USER, "unused").locations("classpath:db/migration", "classpath:db/outbox")
                .outOfOrder(true).load().migrate();
        connection = DriverManager.getConnection(url, Postgres.USER, "unused");
        try (PreparedStatement hook = connection.prepareStatement("""
                insert into webhook (id, tenant_id, url, events, secret, created_at, created_by)
                values (?, 'tenant-hooked', 'https://hooks.example.com/x', 'assessment.changed', 'sealed', now(), 'bench')""")) {
            hook.setObject(1, UUID.randomUUID());
            hook.executeUpdate();
        }
        keep = connection.prepareStatement(Webhooks.KEEP_CHANGES);
        hooked = connection.prepareStatement(Webhooks.TENANTS_WITH_WEBHOOKS);
    }

    @TearDown
    public void tearDown() throws SQLException {
        connection.close();
        postgres.close();
    }

    /** As onChanges: which tenants have a webhook, then (only if one does) payloads and the insert. */
    private int onChanges(String tenant) throws SQLException {
        hooked.setArray(1, connection.createArrayOf("varchar", new String[] {tenant}));
        try (var rows = hooked.executeQuery()) {
            if (!rows.next()) {
                return 0;
            }
        }
        return insert(tenant);
    }

    private int insert(String tenant) throws SQLException {
        UUID[] ids = new UUID[BATCH];
        String[] tenants = new String[BATCH];
        String[] workers = new String[BATCH];
        String[] payloads = new String[BATCH];
        String[] at = new String[BATCH];
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            ids[i] = UUID.randomUUID();
            tenants[i] = tenant;
            workers[i] = "worker-" + i;
            // the payload as Webhooks builds it: {type, id, workerId, tier, previousTier, score, flags, changedAt}
            ObjectNode body = json.createObjectNode();
            body.put("type", "assessment.changed").put("id", ids[i].toString()).put("workerId", workers[i])
                    .put("tier", "HIGH_RISK").put("previousTier", "MONITOR").put("score", 0.71);
            body.putArray("flags").add("PL-02").add("PM-07");
            body.put("changedAt", now.toString());
            payloads[i] = body.toString();
            at[i] = now.toString();
        }
        keep.setArray(1, connection.createArrayOf("uuid", ids));
        keep.setArray(2, connection.createArrayOf("varchar", tenants));
        keep.setArray(3, connection.createArrayOf("varchar", workers));
        keep.setArray(4, connection.createArrayOf("text", payloads));
        keep.setArray(5, connection.createArrayOf("varchar", at));
        return keep.executeUpdate();
    }

    @Benchmark
    public int tenantWithoutWebhooks() throws SQLException {
        return onChanges("tenant-plain");
    }

    @Benchmark
    public int tenantWithAWebhook() throws SQLException {
        return onChanges("tenant-hooked");
    }

    @Benchmark
    public int everyPayloadAndTheInsert() throws SQLException {
        return insert("tenant-plain");
    }
}
