package dev.firebreak.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import dev.firebreak.platform.stream.DetectorTopology;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The windowed detectors through both ingest paths on the real broker: {@code platform.events} (tenant in the header)
 * and the REST API; de-duplication, lateness, dead letters, and a second instance joining.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
@WithTestResource(MmdbTestResource.class)
class DetectorStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "tenant-k"; // accepted on the topic (test configuration)
    private static final String INGEST = tenant("tenant-a", "PLATFORM", "ingest", "analyst");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    DetectorTopology topology;

    @Inject
    KafkaStreams service; // this instance's topology, run by quarkus-kafka-streams

    private int activeTasks() {
        return service.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    private static Map<String, Object> event(String type, String account, Instant at, String ip, String device) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "e-" + UUID.randomUUID());
        e.put("type", type);
        e.put("accountId", account);
        e.put("occurredAt", at.toString());
        if (ip != null) {
            e.put("ip", ip);
        }
        if (device != null) {
            e.put("deviceId", device);
        }
        return e;
    }

    private void send(String tenant, List<Map<String, Object>> events) {
        List<String[]> records = new ArrayList<>();
        for (Map<String, Object> e : events) {
            records.add(new String[] {(String) e.get("accountId"), write(e)});
        }
        TopicReader.write(kafka, "platform.events", tenant == null ? Map.of() : Map.of("tenant-id", tenant), records);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> signals(String tenant, Set<String> accounts) {
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TopicReader.readAll(kafka, "risk.signals")) {
            JsonNode s = read(r.value());
            if (tenant.equals(s.path("tenantId").asText()) && accounts.contains(s.path("subject").path("accountId").asText())) {
                found.add(s);
            }
        }
        return found;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(List<JsonNode> signals, String code, String account) {
        return signals.stream().filter(s -> s.path("code").asText().equals(code)
                && s.path("subject").path("accountId").asText().equals(account)).count();
    }

    @Test
    void aLaptopFarmOnTheTopicIsFoundOnceHoweverOftenItIsReplayed() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> accounts = List.of("farm-1-" + run, "farm-2-" + run, "farm-3-" + run);
        String ip = "198.51.100.200"; // a residential line (a VPN exit joins no accounts: SharedStage.ByIp)
        String laptop = "laptop-" + run;
        Instant t0 = Instant.parse("2026-11-02T09:00:00Z");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            // two logins each, from the farm's IP and laptop, within a day
            events.add(event("LOGIN", accounts.get(i), t0.plus(Duration.ofHours(2L * i)), ip, laptop));
            events.add(event("LOGIN", accounts.get(i), t0.plus(Duration.ofHours(2L * i + 1)), ip, laptop));
        }
        send(TENANT, events);
        Set<String> subjects = Set.copyOf(accounts);
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            List<JsonNode> s = signals(TENANT, subjects);
            return accounts.stream().allMatch(a -> count(s, "PL-02", a) == 1 && count(s, "PL-11", a) >= 1);
        });
        List<JsonNode> first = signals(TENANT, subjects);
        JsonNode pl02 = first.stream().filter(s -> s.path("code").asText().equals("PL-02")).findFirst().orElseThrow();
        assertEquals(3, pl02.path("evidence").path("accounts").size());
        assertEquals(ip, pl02.path("evidence").path("ip").asText());
        assertEquals(1, first.stream().filter(s -> s.path("code").asText().equals("PL-02"))
                .map(s -> s.path("groupId").asText()).distinct().count(), "one detection, one group");
        assertTrue(first.stream().noneMatch(s -> s.path("code").asText().equals("PL-01")), "one IP is no IP hopping");

        send(TENANT, events); // the same events again: nothing new
        String marker = "marker-" + run;
        Map<String, Object> ports = event("PORT_CHECK", marker, t0, null, null);
        ports.put("openPorts", List.of(3389));
        send(TENANT, List.of(ports));
        await().atMost(Duration.ofSeconds(60)).until(() -> !signals(TENANT, Set.of(marker)).isEmpty());
        List<JsonNode> after = signals(TENANT, subjects);
        assertEquals(first.size(), after.size(), "a replay raises nothing");
    }

    @Test
    void badLateAndForeignMessagesGoToTheDeadLetterTopicWithTheirReason() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String account = "late-" + run;
        Instant now = Instant.parse("2026-11-10T12:00:00Z");
        Map<String, Object> recent = event("LOGIN", account, now, "192.0.2.10", null);
        Map<String, Object> late = event("LOGIN", account, now.minus(Duration.ofHours(7)), "192.0.2.11", null);
        Map<String, Object> unknownType = event("TELEPORT", "x-" + run, now, null, null);
        Map<String, Object> badIp = event("LOGIN", "y-" + run, now, "999.1.1.1", null);
        send(TENANT, List.of(recent));
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .anyMatch(r -> r.value().contains(account)));
        send(TENANT, List.of(late, unknownType, badIp));
        send("tenant-unknown", List.of(event("LOGIN", "z-" + run, now, null, null)));
        send(null, List.of(event("LOGIN", "w-" + run, now, null, null)));
        TopicReader.write(kafka, "platform.events", Map.of("tenant-id", TENANT), List.<String[]>of(new String[] {"v-" + run, "{not json " + run}));
        await().atMost(Duration.ofSeconds(60)).until(() -> dead(run).size() >= 6);
        Map<String, String> reasons = dead(run);
        assertTrue(reasons.get((String) late.get("eventId")).startsWith("later than the allowed lateness PT6H"), reasons.toString());
        assertTrue(reasons.get((String) unknownType.get("eventId")).startsWith("not a platform event"), reasons.toString());
        assertEquals("ip: not an IP address", reasons.get((String) badIp.get("eventId")));
        assertTrue(reasons.values().contains("unknown tenant"));
        assertTrue(reasons.values().contains("no tenant-id header"));
        assertTrue(reasons.values().contains("not JSON"));
        // nothing about the rejected events was kept or observed
        assertTrue(TopicReader.readAll(kafka, "entity.observations").stream()
                .noneMatch(r -> r.value().contains("192.0.2.11") && r.value().contains(account)));
    }

    @Test
    void poisonOnTheTopicIsDeadLetteredAndTheNextEventOfTheSameAccountIsDetected() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String account = "poisoned-" + run;
        Instant t0 = Instant.parse("2026-11-03T09:00:00Z");
        Map<String, Map<String, Object>> poisons = new LinkedHashMap<>();
        poisons.put("year +999999999", with(event("LOGIN", account, t0, null, null), "occurredAt",
                "+999999999-12-31T23:59:59Z"));
        poisons.put("year 200000", with(event("LOGIN", account, t0, null, null), "occurredAt", "+200000-01-01T00:00:00Z"));
        poisons.put("year 1900", with(event("LOGIN", account, t0, null, null), "occurredAt", "1900-01-01T00:00:00Z"));
        poisons.put("301-character zone", with(event("ACCOUNT_CREATED", account, t0, null, null), "declaredTimezone",
                "Z".repeat(301)));
        poisons.put("unknown zone", with(event("ACCOUNT_CREATED", account, t0, null, null), "declaredTimezone",
                "Mars/Olympus_Mons"));
        poisons.put("huge text", with(event("MESSAGE", account, t0, null, null), "text", "x".repeat(100_001)));
        poisons.put("huge list", with(event("BID", account, t0, null, null), "tags",
                Collections.nCopies(1_000, "java")));
        poisons.put("control character", with(event("LOGIN", account, t0, null, null), "eventId", "e-\u0001-" + run));
        send(TENANT, List.copyOf(poisons.values()));
        Map<String, Object> canary = event("PORT_CHECK", account, t0.plus(Duration.ofMinutes(5)), null, null);
        canary.put("openPorts", List.of(3389));
        send(TENANT, List.of(canary));
        await().atMost(Duration.ofSeconds(60)).until(() -> !signals(TENANT, Set.of(account)).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "platform.events.dlq").stream()
                .filter(r -> r.key().equals(account)).count() >= poisons.size());
        List<String> reasons = TopicReader.readAll(kafka, "platform.events.dlq").stream()
                .filter(r -> r.key().equals(account))
                .map(r -> new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .toList();
        assertEquals(3, reasons.stream().filter(r -> r.startsWith("occurredAt: must be between")).count(), reasons.toString());
        assertEquals(2, reasons.stream().filter(r -> r.startsWith("declaredTimezone:")).count(), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("text: must be at most")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("tags: must have at most")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("eventId:")), reasons.toString());
        assertEquals(1, signals(TENANT, Set.of(account)).size(), "only the canary's signal");
    }

    @Test
    void aTenantsOwnTopicSpeaksForThatTenantOnlyWhateverItsHeadersClaim() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String account = "own-topic-" + run;
        String topic = "platform.events." + LocalInfraResource.TOPIC_TENANT;
        Map<String, Object> ports = event("PORT_CHECK", account, Instant.parse("2026-11-04T09:00:00Z"), null, null);
        ports.put("openPorts", List.of(3389));
        Map<String, Object> bad = event("LOGIN", "bad-" + run, Instant.parse("2026-11-04T09:00:00Z"), null, null);
        bad.put("occurredAt", "+999999999-12-31T23:59:59Z");
        // the header claims tenant-k (accepted on the shared topic): on a tenant's own topic it is not read
        TopicReader.write(kafka, topic, Map.of("tenant-id", TENANT), List.of(
                new String[] {account, write(ports)}, new String[] {"bad-" + run, write(bad)}));
        await().atMost(Duration.ofSeconds(60)).until(() -> !signals("tenant-p", Set.of(account)).isEmpty());
        assertTrue(signals(TENANT, Set.of(account)).isEmpty(), "nothing is raised for the tenant the header claimed");
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "platform.events.dlq").stream()
                .anyMatch(r -> ("bad-" + run).equals(r.key())));
    }

    private static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        event.put(field, value);
        return event;
    }

    /** Dead letters of this run: event id (or the raw text) → reason. */
    private Map<String, String> dead(String run) {
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicReader.readAll(kafka, "platform.events.dlq")) {
            if (!r.value().contains(run)) {
                continue;
            }
            String reason = new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            String id = r.value().startsWith("{\"eventId\"") || r.value().contains("\"eventId\"")
                    ? read(r.value()).path("eventId").asText(r.value()) : r.value();
            reasons.put(id.isEmpty() ? r.value() : id, reason);
        }
        return reasons;
    }

    @Test
    void windowedDetectorsRunOnRestIngestInEventTimeWhateverTheArrivalOrder() {
        String account = "hopper-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-12T08:00:00Z");
        List<Map<String, Object>> logins = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // five IPs within 40 minutes, sent newest first
            logins.addFirst(event("LOGIN", account, t0.plus(Duration.ofMinutes(10L * i)), "192.0.2." + (120 + i), null));
        }
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(logins)
                .when().post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(5));
        await().atMost(Duration.ofSeconds(90)).until(() -> given().auth().oauth2(INGEST)
                .get("/api/v1/accounts/{id}/signals", account).jsonPath().getList("signals.code").contains("PL-01"));
        given().auth().oauth2(INGEST).when().get("/api/v1/accounts/{id}/signals", account).then().statusCode(200)
                .body("signals.code", hasItem("PL-01"))
                .body("signals.find { it.code == 'PL-01' }.evidence.ips.size()", equalTo(5));
    }

    @Test
    void aSecondInstanceJoiningRaisesNoSignalTwice() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "platform-signals-detectors");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(Path.of("target"), "second-instance-").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        Instant t0 = Instant.parse("2026-11-20T09:00:00Z");
        Set<String> accounts = new HashSet<>();
        List<Map<String, Object>> before = new ArrayList<>();
        List<Map<String, Object>> during = new ArrayList<>();
        for (int group = 0; group < 12; group++) { // twelve farms of three accounts, each on its own IP
            for (int member = 0; member < 3; member++) {
                String account = "g" + group + "m" + member + "-" + run;
                accounts.add(account);
                Map<String, Object> login = event("LOGIN", account, t0.plus(Duration.ofMinutes(group * 5L + member)),
                        "198.18." + group + ".7", null);
                (member < 2 ? before : during).add(login);
            }
        }
        send(TENANT, before);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);
        int allTasks = activeTasks();
        KafkaStreams second = new KafkaStreams(topology.topology(), props);
        try {
            second.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> second.state() == KafkaStreams.State.RUNNING);
            send(TENANT, during);
            send(TENANT, before); // replayed while the partitions move
            await().atMost(Duration.ofSeconds(120)).until(() -> accounts.stream()
                    .allMatch(a -> count(signals(TENANT, accounts), "PL-02", a) >= 1));
        } finally {
            // leaving the group hands its partitions back at once (not after the session timeout)
            second.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
        }
        // every task back on this instance before the next test sends anything
        await().atMost(Duration.ofSeconds(120)).until(() -> service.state() == KafkaStreams.State.RUNNING
                && activeTasks() == allTasks);
        List<JsonNode> signals = signals(TENANT, accounts);
        for (String a : accounts) {
            assertEquals(1, count(signals, "PL-02", a), "exactly one PL-02 for " + a);
        }
        assertEquals(signals.size(), signals.stream().map(s -> s.path("signalId").asText()).distinct().count());
    }
}
