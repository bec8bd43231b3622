package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.localstack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 30's expiry end to end on the packaged suite: a worker's only evidence is a VPN login (PL-08, MEDIUM: MONITOR)
 * observed so long ago that its 30-day lifetime ends within the test. platform-signals-service sets the signal's
 * {@code expiresAt} from the catalogue; once it passes, the aggregator's time sweep re-assesses the worker, its tier falls
 * to CLEAR on a GET, and the change is announced on {@code risk.assessments}.
 */
@ExtendWith(SharedStack.class)
class ExpiryIT {

    private final LocalStack stack = SharedStack.stack();

    @Test
    void aTierFallsWhenItsEvidenceAgesAndTheFallIsAnnounced() {
        String tenant = "demo-platform";
        String token = stack.token(tenant);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String worker = "expiry-" + run;
        // PL-08 lasts 30 days after the login: this one was 30 days less 75 seconds ago
        Instant login = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(30)).plusSeconds(75);
        Map<String, Object> event = Map.of("eventId", "expiry-" + run, "type", "LOGIN", "accountId", "acct-" + worker,
                "workerId", worker, "occurredAt", login.toString(), "ip", "192.0.2.77", "deviceId", "laptop-" + run);
        assertEquals(200, Api.post(stack, "platform-signals-service", "/api/v1/events", token, List.of(event)).status());

        JsonNode monitored = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> assessment(token, worker), a -> a != null && "MONITOR".equals(a.path("tier").asText()));
        assertEquals("PL-08", monitored.path("flags").get(0).path("code").asText(), monitored.toString());

        // the sweep runs every minute: the fall is seen within about two
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                .until(() -> "CLEAR".equals(assessment(token, worker).path("tier").asText()));
        JsonNode cleared = assessment(token, worker);
        assertTrue(!cleared.path("flags").get(0).path("active").asBoolean(), "the flag is shown, no longer active: " + cleared);

        List<JsonNode> announced = await().atMost(Duration.ofMinutes(2))
                .until(() -> announcements(worker), list -> list.stream().anyMatch(a -> "CLEAR".equals(a.path("tier").asText())));
        JsonNode fall = announced.stream().filter(a -> "CLEAR".equals(a.path("tier").asText())).findFirst().orElseThrow();
        assertEquals("MONITOR", fall.path("previousTier").asText(), fall.toString());
        assertEquals(tenant, fall.path("tenantId").asText());
    }

    private JsonNode assessment(String token, String worker) {
        Api.Reply reply = Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/assessment", token);
        return reply.status() == 200 ? reply.body() : null;
    }

    /** Every announcement about the worker on risk.assessments so far. */
    private List<JsonNode> announcements(String worker) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformTraffic.bootstrap(stack));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "expiry-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("risk.assessments"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int empty = 0;
            while (System.nanoTime() < deadline && empty < 3) {
                var records = consumer.poll(Duration.ofMillis(1_000));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    if (r.value() != null && r.value().contains(worker)) {
                        JsonNode node = Api.JSON.readTree(r.value());
                        if (worker.equals(node.path("workerId").asText())) {
                            found.add(node);
                        }
                    }
                }
            }
        }
        return found;
    }
}
