package dev.firebreak.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firebreak.platform.stream.DetectorTopology;
import dev.firebreak.platform.stream.TestDrivers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The topology without a broker (TopologyTestDriver): out-of-order events placed in event time, the lateness
 * boundary, replays, observations once per identifier. The broker-backed paths are DetectorStreamTest's.
 */
class TopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> events;
    private TestOutputTopic<String, String> signals;
    private TestOutputTopic<String, String> observations;
    private TestOutputTopic<String, String> dead;
    private int sequence;

    @BeforeEach
    void start() throws Exception {
        driver = TestDrivers.start("topology-test", Map.of("firebreak.platform.topic-tenants", "t1",
                "firebreak.platform.lateness", "PT16H"), JSON, DetectorTopology::topology);
        events = driver.createInputTopic("platform.events", Serdes.String().serializer(), Serdes.String().serializer());
        signals = driver.createOutputTopic("risk.signals", Serdes.String().deserializer(), Serdes.String().deserializer());
        observations = driver.createOutputTopic("entity.observations", Serdes.String().deserializer(), Serdes.String().deserializer());
        dead = driver.createOutputTopic("platform.events.dlq", Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private Map<String, Object> event(String type, String account, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "e" + (sequence++));
        e.put("type", type);
        e.put("accountId", account);
        e.put("occurredAt", at.toString());
        return e;
    }

    private void send(Map<String, Object> event) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("tenant-id", "t1".getBytes(StandardCharsets.UTF_8));
        events.pipeInput(new TestRecord<>((String) event.get("accountId"), JSON.writeValueAsString(event), headers));
    }

    private List<JsonNode> read(TestOutputTopic<String, String> topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String value : topic.readValuesToList()) {
            out.add(JSON.readTree(value));
        }
        return out;
    }

    @Test
    void aDayOfActivityArrivingOutOfOrderIsOneRunAndOneSignalHoweverOftenReplayed() throws Exception {
        List<Map<String, Object>> beats = new ArrayList<>();
        for (int i = 0; i <= 50; i++) { // every 30 minutes (the largest gap still in a run) for 25 hours
            beats.add(event("HEARTBEAT", "a1", T0.plus(Duration.ofMinutes(30L * i))));
        }
        // the first ten hours, then the last ten, then the middle (within 16 h of the newest): three runs that merge
        for (var e : beats.subList(0, 21)) {
            send(e);
        }
        for (var e : beats.subList(30, 51)) {
            send(e);
        }
        assertTrue(signals.isEmpty(), "two runs of ten hours are not a day");
        for (var e : beats.subList(21, 30)) {
            send(e);
        }
        List<JsonNode> raised = read(signals);
        assertEquals(1, raised.size(), raised.toString());
        JsonNode pl03 = raised.getFirst();
        assertEquals("PL-03", pl03.path("code").asText());
        assertEquals(T0.toString(), pl03.path("evidence").path("from").asText());
        assertEquals(T0.plus(Duration.ofHours(24)).toString(), pl03.path("evidence").path("reached").asText());
        for (var e : beats) {
            send(e);
        }
        assertTrue(signals.isEmpty(), "a replay raises nothing");
        assertTrue(dead.isEmpty());
    }

    @Test
    void aGapOfMoreThanHalfAnHourBreaksTheRun() throws Exception {
        for (int i = 0; i <= 48; i++) { // 24 hours with one gap of 31 minutes in the middle
            send(event("HEARTBEAT", "a2", T0.plus(Duration.ofMinutes(30L * i + (i > 24 ? 1 : 0)))));
        }
        assertTrue(signals.isEmpty());
    }

    @Test
    void anEventOlderThanTheLatenessIsDeadLetteredAndChangesNothing() throws Exception {
        Map<String, Object> recent = event("LOGIN", "a3", T0);
        recent.put("ip", "198.51.100.1");
        send(recent);
        Map<String, Object> atBoundary = event("LOGIN", "a3", T0.minus(Duration.ofHours(16)));
        atBoundary.put("ip", "198.51.100.2");
        send(atBoundary);
        Map<String, Object> late = event("LOGIN", "a3", T0.minus(Duration.ofHours(16)).minusMillis(1));
        late.put("ip", "198.51.100.3");
        send(late);
        var letters = dead.readRecordsToList();
        assertEquals(1, letters.size());
        assertTrue(letters.getFirst().value().contains(late.get("eventId").toString()));
        assertTrue(new String(letters.getFirst().headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                .startsWith("later than the allowed lateness PT16H"));
        List<String> ips = read(observations).stream().filter(o -> o.path("type").asText().equals("IP"))
                .map(o -> o.path("value").asText()).toList();
        assertEquals(List.of("198.51.100.1", "198.51.100.2"), ips, "the late login's IP is not observed");
    }

    @Test
    void anEventBreakingTheApisConstraintsIsDeadLetteredWithTheViolation() throws Exception {
        Map<String, Object> badAccount = event("LOGIN", "a4", T0);
        badAccount.put("workerId", "not a worker id!");
        send(badAccount);
        Map<String, Object> noTime = event("PORT_CHECK", "a5", T0);
        noTime.remove("occurredAt");
        noTime.put("openPorts", List.of(3389));
        send(noTime);
        var letters = dead.readRecordsToList();
        assertEquals(List.of("workerId: must be 1-100 characters of letters, digits and . _ : @ -", "occurredAt: must not be null"),
                letters.stream().map(l -> new String(l.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                        .toList());
        assertTrue(signals.isEmpty() && observations.isEmpty(), "a rejected event raises and observes nothing");
    }

    @Test
    void anIdentifierIsObservedOnceAndBidsBeforeVerificationOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            Map<String, Object> login = event("LOGIN", "a4", T0.plus(Duration.ofMinutes(i)));
            login.put("ip", "198.51.100.9");
            login.put("deviceId", "laptop-1");
            login.put("workerId", "w4");
            send(login);
            send(event("BID", "a4", T0.plus(Duration.ofMinutes(i)).plusSeconds(1)));
        }
        send(event("ACCOUNT_VERIFIED", "a4", T0.plus(Duration.ofHours(1))));
        List<JsonNode> seen = read(observations);
        assertEquals(List.of("PLATFORM_ACCOUNT", "DEVICE", "IP"), seen.stream().map(o -> o.path("type").asText()).toList());
        List<JsonNode> raised = read(signals);
        assertEquals(List.of("PL-13"), raised.stream().map(s -> s.path("code").asText()).toList());
    }

    @Test
    void anEventKeyedOtherwiseIsReKeyedByItsAccountAndDetectedOnce() throws Exception {
        Map<String, Object> ports = event("PORT_CHECK", "a5", T0);
        ports.put("openPorts", List.of(3389));
        RecordHeaders headers = new RecordHeaders();
        headers.add("tenant-id", "t1".getBytes(StandardCharsets.UTF_8));
        events.pipeInput(new TestRecord<>("some-other-key", JSON.writeValueAsString(ports), headers));
        events.pipeInput(new TestRecord<>("a5", JSON.writeValueAsString(ports), headers)); // and once keyed right
        List<JsonNode> raised = read(signals);
        assertEquals(List.of("PL-09"), raised.stream().map(s -> s.path("code").asText()).toList());
        assertTrue(dead.isEmpty());
    }

    @Test
    void anEventWithoutItsTypesRequiredFieldIsDeadLetteredNamingTheFieldAndTheOrdinaryOnesPass() throws Exception {
        Map<String, Object> rating = event("RATING", "a7", T0);
        rating.put("rating", 5);
        send(rating); // no clientId: PL-05 could not use it
        Map<String, Object> message = event("MESSAGE", "a7", T0.plusSeconds(60));
        message.put("text", "Happy to start on Monday.");
        message.put("direction", "SIDEWAYS");
        send(message);
        Map<String, Object> ports = event("PORT_CHECK", "a7", T0.plusSeconds(120));
        ports.put("openPorts", List.of(443, "ssh"));
        send(ports);
        var letters = dead.readRecordsToList();
        List<String> reasons = letters.stream().map(l -> new String(l.headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8)).toList();
        assertEquals(3, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("clientId: is required for a RATING event"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("direction: must be one of [FROM_CLIENT, TO_CLIENT]"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("openPorts: must be a list of port numbers"), reasons.get(2));

        // the ordinary events of every type, with what their types require, pass; extra fields are accepted
        List<Map<String, Object>> ordinary = new ArrayList<>();
        Map<String, Object> created = event("ACCOUNT_CREATED", "a8", T0);
        created.put("declaredTimezone", "Asia/Seoul");
        created.put("declaredWorkingHours", "22:00-06:00");
        created.put("marketingConsent", true);
        ordinary.add(created);
        Map<String, Object> rated = event("RATING", "a8", T0.plusSeconds(10));
        rated.put("clientId", "client-9");
        rated.put("rating", 4.5);
        ordinary.add(rated);
        Map<String, Object> said = event("MESSAGE", "a8", T0.plusSeconds(20));
        said.put("text", "The build is green.");
        said.put("direction", "to_client");
        ordinary.add(said);
        Map<String, Object> checked = event("PORT_CHECK", "a8", T0.plusSeconds(30));
        checked.put("openPorts", List.of());
        ordinary.add(checked);
        ordinary.add(event("LOGIN", "a8", T0.plusSeconds(40)));
        for (var e : ordinary) {
            send(e);
        }
        assertTrue(dead.isEmpty(), "ordinary events dead-lettered: " + dead.readRecordsToList());
    }
}
