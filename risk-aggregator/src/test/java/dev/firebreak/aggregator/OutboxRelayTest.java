package dev.firebreak.aggregator;

import dev.firebreak.kit.outbox.Outbox;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kit's outbox relay on the real broker: many batches, each message on its topic once and every row marked
 * published. The relay used to send with its transaction propagated to Kafka's callback threads; a commit that came
 * while a callback still held it failed ("committing with 2 threads active") after the batch had been sent; so no
 * warning of the relay's drain or of the transaction manager may be logged meanwhile (the old relay logged one in
 * one of two runs of this test).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class OutboxRelayTest {

    private static final int MESSAGES = 10_000; // 50 of the relay's batches

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void everyRowIsSentOnceAndMarkedPublished() throws Exception {
        String tenant = "tenant-or-" + UUID.randomUUID();
        String topic = "outbox-relay-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        List<Outbox.Pending> pending = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            pending.add(new Outbox.Pending(UUID.randomUUID(), topic, "k-" + i, tenant, "w-" + i, "{\"n\":" + i + "}"));
        }
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        List<Logger> watched = List.of(Logger.getLogger("dev.firebreak.kit"), Logger.getLogger("com.arjuna"));
        watched.forEach(l -> l.addHandler(handler));
        try {
            // enqueued in slices, each commit kicking the relay while the one before may still be draining
            for (int from = 0; from < MESSAGES; from += 500) {
                List<Outbox.Pending> slice = pending.subList(from, from + 500);
                QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(slice));
            }
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> unpublished(tenant) == 0);
        } finally {
            watched.forEach(l -> l.removeHandler(handler));
        }
        assertEquals(List.of(), warnings.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList(),
                "the relay's drains ran without a failure");

        List<ConsumerRecord<String, String>> records = TopicReader.readAll(kafka, topic);
        Map<String, Long> perKey = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertEquals(MESSAGES, perKey.size(), "every message reached its topic");
        assertEquals(Map.of(), perKey.entrySet().stream().filter(e -> e.getValue() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "no message was sent twice");
        assertEquals(pending.stream().collect(Collectors.toMap(Outbox.Pending::key, Outbox.Pending::payload)),
                records.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value)));
    }

    private long unpublished(String tenant) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from outbox where tenant_id = ?1 and published_at is null")
                .setParameter(1, tenant).getSingleResult()).longValue());
    }
}
