package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.WorkerErasure;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker's erasure in the detector topology (issue 29), without a broker: every store's entries of the worker's
 * account go (tombstones in the changelogs), the accounts it shares an IP, a device and a client with keep theirs,
 * the erasure is confirmed and the account named for the database side; the account's later events, and a new account
 * showing the worker, keep nothing; notices that are not readable or not this deployment's go to the dead-letter topic.
 */
class TopologyErasureTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final IdentifierHasher HASHER =
            new IdentifierHasher("dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Qtb25seS0=", "v1");
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    private static final String TEXT = "Senior full stack developer with ten years of React Node and Postgres experience"
            + " building payment platforms for fintech startups across Europe and Asia remote only";

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> events;
    private TestInputTopic<String, String> erasures;
    private TestOutputTopic<String, String> observations;
    private TestOutputTopic<String, String> signals;
    private TestOutputTopic<String, String> confirmed;
    private TestOutputTopic<String, String> accountsErased;
    private TestOutputTopic<String, String> erasuresDlq;
    private int sequence;

    @BeforeEach
    void start() throws Exception {
        driver = TestDrivers.start("erasure-test", Map.of("firebreak.platform.topic-tenants", "t1"), JSON,
                (tenant, worker) -> "w-suppressed".equals(worker), (tenant, account) -> "acct-suppressed".equals(account),
                DetectorTopology::topology);
        events = driver.createInputTopic("platform.events", Serdes.String().serializer(), Serdes.String().serializer());
        erasures = driver.createInputTopic("worker.erasures", Serdes.String().serializer(), Serdes.String().serializer());
        observations = output("entity.observations");
        signals = output("risk.signals");
        confirmed = output("worker.erasures.confirmed");
        accountsErased = output("platform.accounts.erased");
        erasuresDlq = output("worker.erasures.dlq");
    }

    private TestOutputTopic<String, String> output(String topic) {
        return driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theWorkersAccountIsErasedFromEveryStoreAndItsNeighboursKeepTheirs() throws Exception {
        activity("acct-erased", "w-erased");
        activity("acct-kept", "w-kept");
        assertFalse(observations.readValuesToList().isEmpty());
        assertTrue(holds("platform-accounts", "acct-erased"));
        assertTrue(holds("platform-ips", "acct-erased") && holds("platform-devices", "acct-erased")
                && holds("platform-clients", "acct-erased") && holds("platform-texts", "acct-erased"));

        UUID erasureId = erase("w-erased");

        List<JsonNode> confirmations = read(confirmed);
        assertEquals(1, confirmations.size());
        assertEquals("platform-signals-detectors", confirmations.getFirst().path("service").asText());
        assertEquals(erasureId.toString(), confirmations.getFirst().path("erasureId").asText());
        assertEquals(1, confirmations.getFirst().path("erased").path("accounts").asInt());
        List<JsonNode> named = read(accountsErased);
        assertEquals(1, named.size());
        assertEquals("acct-erased", named.getFirst().path("accountId").asText());
        // nothing of the account is left anywhere but its erased state; the neighbour keeps everything
        for (String store : List.of("platform-accounts", "platform-ips", "platform-devices", "platform-clients",
                "platform-texts")) {
            assertFalse(holds(store, "acct-erased"), store + " still holds the erased account");
            assertTrue(holds(store, "acct-kept"), store + " lost the neighbour");
        }
        assertEquals(List.of("t1\u0000acct-erased\u0000Z\u0000"), keysUnder("platform-accounts", "t1\u0000acct-erased\u0000"));
        // the worker stage forgot the worker's accounts and keeps only which erasure erased it
        assertEquals(List.of("t1\u0000w-erased\u0000X\u0000"), keysUnder("platform-workers", "t1\u0000w-erased\u0000"));
        assertTrue(holds("platform-workers", "acct-kept"));

        // the account's later events (a redelivery, a replay, new ones) keep and raise nothing
        observations.readValuesToList();
        signals.readValuesToList();
        activity("acct-erased", "w-erased");
        send(event("LOGIN", "acct-erased", null, T0.plusSeconds(7200), Map.of("ip", "198.51.100.77")));
        assertTrue(observations.isEmpty());
        assertTrue(signals.isEmpty());
        assertEquals(List.of("t1\u0000acct-erased\u0000Z\u0000"), keysUnder("platform-accounts", "t1\u0000acct-erased\u0000"));
        // a new account showing the erased worker is erased as it arrives
        send(event("ACCOUNT_CREATED", "acct-later", "w-erased", T0.plusSeconds(9000), Map.of()));
        assertEquals("acct-later", read(accountsErased).getFirst().path("accountId").asText());
        assertEquals(List.of("t1\u0000acct-later\u0000Z\u0000"), keysUnder("platform-accounts", "t1\u0000acct-later\u0000"));
        assertTrue(erasuresDlq.isEmpty());
    }

    @Test
    void aWorkerOrAccountTheServiceSuppressedKeepsNothingAndBadNoticesAreDeadLettered() throws Exception {
        send(event("LOGIN", "acct-s", "w-suppressed", T0, Map.of("ip", "203.0.113.9")));
        // an erased account's event without a worker, as a replay into empty stores would bring it
        send(event("LOGIN", "acct-suppressed", null, T0, Map.of("ip", "203.0.113.9")));
        assertTrue(observations.isEmpty());
        assertTrue(keysUnder("platform-accounts", "t1\u0000acct-s\u0000").isEmpty());
        assertTrue(keysUnder("platform-accounts", "t1\u0000acct-suppressed\u0000").isEmpty());

        erasures.pipeInput("t1:x", "{\"not\":\"a notice\"}");
        WorkerErasure forged = WorkerErasure.requested(UUID.randomUUID(), "t1", "w-x", "v1:" + "0".repeat(64),
                Instant.now());
        erasures.pipeInput(forged.messageKey(), ContractJson.mapper().writeValueAsString(forged));
        var dead = erasuresDlq.readRecordsToList();
        assertEquals(2, dead.size());
        assertTrue(new String(dead.get(1).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                .contains("subjectHash"));
        assertTrue(confirmed.isEmpty());
        // a settled notice (what a replay of the compacted topic gives) needs nothing here
        WorkerErasure settled = WorkerErasure.requested(UUID.randomUUID(), "t1", "w-y",
                HASHER.hash(ErasedSubjects.hashed("t1", ErasedSubjects.Kind.WORKER, "w-y")), Instant.now())
                .settled(Instant.now());
        erasures.pipeInput(settled.messageKey(), ContractJson.mapper().writeValueAsString(settled));
        assertTrue(confirmed.isEmpty() && erasuresDlq.isEmpty());
    }

    @Test
    void anErasureAskedOfTheServiceAloneErasesTheSameAndConfirmsToNobody() throws Exception {
        activity("acct-alone", "w-alone");
        TestInputTopic<String, String> local = driver.createInputTopic("platform.workers.erased",
                Serdes.String().serializer(), Serdes.String().serializer());
        WorkerErasure notice = WorkerErasure.requested(UUID.randomUUID(), "t1", "w-alone",
                HASHER.hash(ErasedSubjects.hashed("t1", ErasedSubjects.Kind.WORKER, "w-alone")), Instant.now());
        local.pipeInput(notice.messageKey(), ContractJson.mapper().writeValueAsString(notice));
        assertEquals("acct-alone", read(accountsErased).getFirst().path("accountId").asText());
        assertEquals(List.of("t1\u0000acct-alone\u0000Z\u0000"), keysUnder("platform-accounts", "t1\u0000acct-alone\u0000"));
        assertTrue(confirmed.isEmpty(), "no aggregator asked");
    }

    @Test
    void anAccountStoredBeforeTheWorkerStageIsFoundByTheWalkAndErasedWithItsWorker() throws Exception {
        activity("acct-old", "w-old");
        activity("acct-other", "w-other");
        // as a store written before the worker stage existed: the worker stage knows none of the account's workers,
        // and the walk is due
        KeyValueStore<String, byte[]> workers = driver.getKeyValueStore("platform-workers");
        for (String worker : List.of("w-old", "w-other")) {
            keysUnder("platform-workers", "t1\u0000" + worker + "\u0000").forEach(workers::delete);
        }
        driver.getKeyValueStore("platform-accounts").delete(AccountStore.WORKERS_WALKED);
        assertTrue(keysUnder("platform-workers", "t1\u0000w-old\u0000").isEmpty());

        driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
        assertEquals(List.of("t1\u0000w-old\u0000A\u0000acct-old"), keysUnder("platform-workers", "t1\u0000w-old\u0000"));
        assertEquals(List.of("t1\u0000w-other\u0000A\u0000acct-other"),
                keysUnder("platform-workers", "t1\u0000w-other\u0000"));
        assertTrue(driver.getKeyValueStore("platform-accounts").get(AccountStore.WORKERS_WALKED) != null, "walked once");

        erase("w-old");
        assertEquals("acct-old", read(accountsErased).getFirst().path("accountId").asText());
        assertEquals(List.of("t1\u0000acct-old\u0000Z\u0000"), keysUnder("platform-accounts", "t1\u0000acct-old\u0000"));
        assertTrue(holds("platform-accounts", "acct-other"), "the other worker's account is untouched");
        // walked: a later tick changes nothing
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(2));
        assertEquals(List.of("t1\u0000w-old\u0000X\u0000"), keysUnder("platform-workers", "t1\u0000w-old\u0000"));
    }

    /** An account's worker logs in from a shared IP and device, is rated by a shared client, posts a profile text. */
    private void activity(String account, String worker) throws Exception {
        send(event("ACCOUNT_CREATED", account, worker, T0, Map.of("ip", "203.0.113.5", "deviceId", "shared-device")));
        send(event("LOGIN", account, worker, T0.plusSeconds(60), Map.of("ip", "203.0.113.5", "deviceId", "shared-device")));
        send(event("RATING", account, worker, T0.plusSeconds(120), Map.of("clientId", "client-1", "rating", 5)));
        send(event("PROFILE_TEXT", account, worker, T0.plusSeconds(180), Map.of("text", TEXT + " " + account)));
    }

    private UUID erase(String worker) throws Exception {
        WorkerErasure notice = WorkerErasure.requested(UUID.randomUUID(), "t1", worker,
                HASHER.hash(ErasedSubjects.hashed("t1", ErasedSubjects.Kind.WORKER, worker)), Instant.now());
        erasures.pipeInput(notice.messageKey(), ContractJson.mapper().writeValueAsString(notice));
        return notice.erasureId();
    }

    /** Whether any entry of the store names the account (or worker), in its key or its value. */
    private boolean holds(String store, String id) {
        KeyValueStore<String, byte[]> kv = driver.getKeyValueStore(store);
        try (KeyValueIterator<String, byte[]> it = kv.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                boolean named = e.key.contains(id) || (e.value != null
                        && new String(e.value, StandardCharsets.ISO_8859_1).contains(id));
                if (named && !(store.equals("platform-accounts") && e.key.endsWith("\u0000Z\u0000")
                        && e.value.length == 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<String> keysUnder(String store, String prefix) {
        KeyValueStore<String, byte[]> kv = driver.getKeyValueStore(store);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = kv.range(prefix, prefix + "\uffff")) {
            it.forEachRemaining(e -> keys.add(e.key));
        }
        return keys;
    }

    private Map<String, Object> event(String type, String account, String worker, Instant at, Map<String, Object> fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "e" + (sequence++));
        e.put("type", type);
        e.put("accountId", account);
        if (worker != null) {
            e.put("workerId", worker);
        }
        e.put("occurredAt", at.toString());
        e.putAll(fields);
        return e;
    }

    private void send(Map<String, Object> event) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("tenant-id", "t1".getBytes(StandardCharsets.UTF_8));
        events.pipeInput(new TestRecord<>((String) event.get("accountId"), JSON.writeValueAsString(event), headers));
    }

    private static List<JsonNode> read(TestOutputTopic<String, String> topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String value : topic.readValuesToList()) {
            out.add(JSON.readTree(value));
        }
        return out;
    }

}
