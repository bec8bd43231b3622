package dev.firebreak.aggregator;

import dev.firebreak.kit.outbox.Outbox;
import dev.firebreak.kit.outbox.OutboxRelay;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox on the real broker and PostgreSQL: a row the broker can never take is parked (and counted) without
 * holding up the rows after it, and published rows are deleted once past the retention while unpublished and
 * parked ones stay.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class OutboxParkingTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aMessageTheBrokerCannotTakeIsParkedAndTheOthersGoOn() throws Exception {
        String tenant = "tenant-park-" + UUID.randomUUID();
        String topic = "outbox-parking-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        UUID huge = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(List.of(
                new Outbox.Pending(huge, topic, "k-huge", tenant, null, "{\"x\":\"" + "x".repeat(3_000_000) + "\"}"),
                new Outbox.Pending(UUID.randomUUID(), topic, "k-1", tenant, null, "{\"n\":1}"),
                new Outbox.Pending(UUID.randomUUID(), topic, "k-2", tenant, null, "{\"n\":2}"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, topic).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> row(huge)[1] != null);
        Object[] parked = row(huge);
        assertEquals(null, parked[0], "never published");
        assertEquals("RecordTooLargeException", parked[2]);
        // later rows of any tenant keep going
        UUID after = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(after, topic, "k-3", "another-tenant", null, "{}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> row(after)[0] != null);
        relay.maintain();
        assertTrue(metrics.get("firebreak.outbox.parked").gauge().value() >= 1);
    }

    @Test
    void publishedRowsPastTheRetentionAreDeletedAndNoOthers() {
        String tenant = "tenant-retention-" + UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID waiting = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.enqueueAll(List.of(new Outbox.Pending(old, "retention-test", "k", tenant, null, "{}"),
                    new Outbox.Pending(recent, "retention-test", "k", tenant, null, "{}"),
                    new Outbox.Pending(waiting, "retention-test", "k", tenant, null, "{}")));
            // as the relay leaves them: two sent (8 days and 1 day ago), one not yet due
            em.createNativeQuery("update outbox set published_at = ?1 where message_id = ?2")
                    .setParameter(1, Instant.now().minus(Duration.ofDays(8))).setParameter(2, old).executeUpdate();
            em.createNativeQuery("update outbox set published_at = ?1 where message_id = ?2")
                    .setParameter(1, Instant.now().minus(Duration.ofDays(1))).setParameter(2, recent).executeUpdate();
            em.createNativeQuery("update outbox set next_attempt_at = ?1 where message_id = ?2")
                    .setParameter(1, Instant.now().plus(Duration.ofDays(1))).setParameter(2, waiting).executeUpdate();
        });
        relay.maintain();
        assertEquals(null, row(old), "deleted past the retention (7 days)");
        assertNotNull(row(recent));
        assertNotNull(row(waiting));
    }

    /** published_at, parked_at, last_error of a row, or null if there is none. */
    private Object[] row(UUID messageId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select published_at, parked_at, last_error from outbox where message_id = ?1")
                .setParameter(1, messageId).getResultList());
        return rows.isEmpty() ? null : rows.getFirst();
    }
}
