package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.platform.detect.TextSimilarity;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PL-04 through the topology. The bands' stage keeps each text once per group of bands, with small bucket entries
 * naming it, and drops texts past the retention; what it finds must be what the plain form of the rule finds: for
 * each new text and each of its sixteen bands, the most similar earlier text of another account (within the
 * retention) whose first band in common with it is that band, if at least as similar as the threshold.
 */
class TextBandsTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(2), LATENESS = Duration.ofHours(1);
    private static final String[] WORDS = ("react node aws python django rust go kotlin swift flutter design api cloud "
            + "deliver clean tested code daily project experience senior developer years team remote start today build "
            + "saas platform mobile web backend frontend data pipeline security review agile sprint client budget").split(" ");

    private static final String LATE = "Certified cloud architect: I migrate legacy monoliths to Kubernetes within "
            + "four weeks, fixed price, weekly demos, and I stay on call for a month after the switch-over.";

    /** An earlier text as the plain form keeps it. */
    private record Text(String eventId, String account, Instant at, int[] signature, long[] bands) {
    }

    @Test
    void theBandsStageFindsWhatThePlainRuleFindsAndDropsWhatIsPastTheRetention() throws Exception {
        Random random = new Random(4);
        List<String> templates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            templates.add(words(random, 45));
        }
        // 700 texts over six days (three retentions) from 30 accounts: half a template with up to five words changed,
        // half unrelated; each up to 40 minutes out of order (the lateness is an hour), one in twenty sent twice
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            String text;
            if (random.nextBoolean()) {
                String[] w = templates.get(random.nextInt(templates.size())).split(" ");
                for (int k = random.nextInt(6); k > 0; k--) {
                    w[random.nextInt(w.length)] = WORDS[random.nextInt(WORDS.length)] + random.nextInt(10);
                }
                text = String.join(" ", w);
            } else {
                text = words(random, 30 + random.nextInt(30));
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", "t" + i);
            e.put("type", random.nextInt(4) == 0 ? "BID" : "PROFILE_TEXT");
            e.put("accountId", "a" + random.nextInt(30));
            e.put("occurredAt", T0.plus(Duration.ofMinutes(12L * i - random.nextInt(40))).toString());
            e.put("text", text);
            events.add(e);
            if (random.nextInt(20) == 0) {
                events.add(e);
            }
            // A text of a new account arrives an hour and a half behind the others, copying one posted just under the
            // retention before it: the pair is still found (a group drops texts a retention and twice the lateness
            // behind its newest, not a retention).
            if (i == 100 || i == 350) {
                Instant posted = T0.plus(Duration.ofMinutes(12L * 100));
                Map<String, Object> late = new LinkedHashMap<>();
                late.put("eventId", i == 100 ? "late-original" : "late-copy");
                late.put("type", "PROFILE_TEXT");
                late.put("accountId", i == 100 ? "a-original" : "a-copy");
                late.put("occurredAt", (i == 100 ? posted : posted.plus(RETENTION).minusSeconds(300)).toString());
                late.put("text", LATE);
                events.add(late);
            }
        }

        Map<Set<String>, Integer> expected = plainRule(events);
        List<JsonNode> signals = new ArrayList<>();
        Map<String, byte[]> store = new TreeMap<>();
        run(events, signals, store);

        // a pair's two signals (one per account) share a group id made of the pair's events
        Map<String, Integer> found = new HashMap<>();
        for (JsonNode s : signals) {
            if (s.path("code").asText().equals("PL-04")) { // the bids are also before any verification (PL-13)
                found.merge(s.path("groupId").asText(), 1, Integer::sum);
            }
        }
        assertTrue(expected.size() >= 40, "the texts make enough pairs to compare: " + expected.size());
        assertEquals(1, expected.get(Set.of("late-copy", "late-original")), "the late copy is found by the plain rule");
        Map<String, Integer> twice = new HashMap<>();
        expected.forEach((pair, n) -> twice.merge(MessageIds.groupId("t1", "PL-04", "near-duplicate-text", pair).toString(), 2 * n,
                Integer::sum));
        Set<String> missing = new TreeSet<>(twice.keySet());
        missing.removeAll(found.keySet());
        Set<String> extra = new TreeSet<>(found.keySet());
        extra.removeAll(twice.keySet());
        assertEquals(twice, found, "one signal per account of each pair found, no pair found twice; " + missing.size()
                + " pairs missing, " + extra.size() + " found beyond the plain rule");

        // past the retention (and twice the lateness, and an hour's pruning) texts are gone, with their bucket entries,
        // and every entry names a text its group keeps
        Instant last = events.stream().map(e -> Instant.parse((String) e.get("occurredAt"))).max(Instant::compareTo).orElseThrow();
        Instant oldest = last.minus(RETENTION).minus(LATENESS).minus(LATENESS).minus(Duration.ofHours(1));
        Set<String> kept = new HashSet<>();
        int entries = 0;
        for (var kv : store.entrySet()) {
            String[] key = kv.getKey().split("\u0000");
            if (key[1].startsWith("texts:") && key[2].equals(SharedStage.CANDIDATES)) {
                assertTrue(!Codecs.candidate(kv.getValue()).at().isBefore(oldest), kv.getKey());
                kept.add(key[1].substring("texts:".length()) + " " + key[3] + " " + key[4]);
            }
        }
        for (var kv : store.entrySet()) {
            String[] key = kv.getKey().split("\u0000");
            if (key.length > 2 && key[2].equals(SharedStage.ByTextBands.MEMBERS)) {
                int band = Integer.parseInt(key[1].substring(0, key[1].indexOf(':')));
                assertTrue(kept.contains(band % SharedStage.ByTextBands.GROUPS + " " + key[3] + " " + key[4]), kv.getKey());
                entries++;
            }
        }
        int distinct = (int) events.stream().map(e -> e.get("eventId")).distinct().count();
        assertTrue(kept.size() < distinct * SharedStage.ByTextBands.GROUPS / 2, "texts were dropped: " + kept.size());
        assertEquals(kept.size() * 16 / SharedStage.ByTextBands.GROUPS, entries, "four entries a kept text, one per band of its group");
    }

    /** The pairs the plain rule finds (a pair's events → how many times), the events taken in order, once each. */
    private static Map<Set<String>, Integer> plainRule(List<Map<String, Object>> events) {
        List<Text> earlier = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<Set<String>, Integer> pairs = new HashMap<>();
        for (Map<String, Object> e : events) {
            String id = (String) e.get("eventId");
            if (!seen.add(id)) {
                continue;
            }
            int[] signature = TextSimilarity.signature((String) e.get("text"));
            long[] bands = TextSimilarity.bands(signature);
            Instant at = Instant.parse((String) e.get("occurredAt"));
            String account = (String) e.get("accountId");
            for (int b = 0; b < bands.length; b++) {
                Text best = null;
                double bestSimilarity = 0;
                int bucket = 0;
                for (Text c : earlier) {
                    if (c.bands()[b] != bands[b] || c.at().isBefore(at.minus(RETENTION))) {
                        continue;
                    }
                    bucket++;
                    int first = 0;
                    while (c.bands()[first] != bands[first]) {
                        first++;
                    }
                    double s = TextSimilarity.similarity(signature, c.signature());
                    if (first == b && !c.account().equals(account) && s >= 0.8
                            && (s > bestSimilarity || s == bestSimilarity && c.eventId().compareTo(best.eventId()) < 0)) {
                        best = c;
                        bestSimilarity = s;
                    }
                }
                assertTrue(bucket < SharedStage.ByTextBands.BUCKET, "no bucket is full here");
                if (best != null) {
                    pairs.merge(new TreeSet<>(List.of(id, best.eventId())), 1, Integer::sum);
                }
            }
            earlier.add(new Text(id, account, at, signature, bands));
        }
        return pairs;
    }

    private static void run(List<Map<String, Object>> events, List<JsonNode> signals, Map<String, byte[]> store) throws Exception {
        Map<String, String> config = Map.of(
                "firebreak.platform.topic-tenants", "t1",
                "firebreak.platform.lateness", LATENESS.toString(),
                "firebreak.platform.retention", RETENTION.toString(),
                // PL-06 sees these bids too; only PL-04 is compared here
                "firebreak.platform.bids", "100000");
        try (TopologyTestDriver driver = TestDrivers.start("text-bands-test", config, JSON, DetectorTopology::topology)) {
            var input = driver.createInputTopic("platform.events", Serdes.String().serializer(), Serdes.String().serializer());
            for (Map<String, Object> e : events) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("tenant-id", "t1".getBytes(StandardCharsets.UTF_8));
                input.pipeInput(new TestRecord<>((String) e.get("accountId"), JSON.writeValueAsString(e), headers));
            }
            for (String s : driver.createOutputTopic("risk.signals", Serdes.String().deserializer(), Serdes.String().deserializer())
                    .readValuesToList()) {
                signals.add(JSON.readTree(s));
            }
            assertTrue(driver.createOutputTopic("platform.events.dlq", Serdes.String().deserializer(),
                    Serdes.String().deserializer()).isEmpty(), "every event is accepted");
            KeyValueStore<String, byte[]> texts = driver.getKeyValueStore(SharedStage.ByTextBands.STORE);
            try (KeyValueIterator<String, byte[]> it = texts.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    store.put(kv.key, kv.value);
                }
            }
        }
    }

    private static String words(Random random, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(100));
        }
        return text.toString();
    }
}
