package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stages skip reads that cannot change a result: an account's history for a detector its counts say it cannot
 * trip yet (PL-01 with one IP, PL-06 with few bids, PL-17 with few client messages, PL-18 with few crypto bids), the
 * replay check for an event newer than any stored, an IP's history while it cannot link, a device's accounts for a
 * use that changes none of their qualifying uses. The same random events (shared IPs and devices, out of order
 * within the lateness, replays) through the topology with and without the shortcuts must emit the same messages, in
 * the same order, to every topic.
 */
class ShortcutsTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    private static final List<String> TOPICS = List.of("risk.signals", "entity.observations", "platform.events.dlq");

    @Test
    void theShortcutsNeverChangeWhatIsEmitted() throws Exception {
        compare(1, events(new Random(1), 42, false), Map.of(), List.of("PL-01", "PL-02", "PL-06", "PL-11", "PL-17", "PL-18"));
    }

    /**
     * PL-06's day tallies across days: ten days of events, a three-day bidding window (so tallied days are dropped and
     * the window's edges cut days), and some accounts that bid far more than they log in.
     */
    @Test
    void theBiddingTalliesNeverChangeWhatIsEmittedOverDays() throws Exception {
        compare(2, events(new Random(2), 430, true), Map.of("firebreak.platform.bid-window", "P3D"), List.of("PL-06"));
    }

    /**
     * A bid arriving late, after a login later the same day: the day's tallies then hold a login outside the bid's
     * window, which must not count against the bids (four bids on one login: PL-06 with four bids a login).
     */
    @Test
    void aLateBidIsNotJudgedByTheLoginsAfterIt() throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        String[][] arrivals = {{"LOGIN", "10:00"}, {"BID", "10:01"}, {"BID", "10:02"}, {"BID", "10:03"},
                {"LOGIN", "10:30"}, {"BID", "10:04"}};
        for (String[] a : arrivals) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", "late-" + events.size());
            e.put("type", a[0]);
            e.put("accountId", "bidder");
            e.put("occurredAt", "2026-11-02T" + a[1] + ":00Z");
            events.add(e);
        }
        compare(0, events, Map.of(), List.of("PL-06"));
    }

    private static void compare(long seed, List<Map<String, Object>> events, Map<String, String> overrides,
                                List<String> raised) throws Exception {
        Map<String, List<String>> with = run(events, overrides, DetectorTopology::topology);
        Map<String, List<String>> without = run(events, overrides, DetectorTopology::withoutShortcuts);
        for (String topic : TOPICS) {
            assertEquals(without.get(topic), with.get(topic), topic + ", seed " + seed);
        }
        // the events trip the detectors the shortcuts guard, so the comparison covers them firing as well
        Map<String, Integer> codes = new TreeMap<>();
        for (String signal : with.get("risk.signals")) {
            codes.merge(JSON.readTree(signal).path("code").asText(), 1, Integer::sum);
        }
        for (String code : raised) {
            assertTrue(codes.getOrDefault(code, 0) > 0, code + " never raised (seed " + seed + "): " + codes);
        }
    }

    /**
     * 40 accounts, an event every {@code step} seconds (a day at 42 s): some with one IP and device, some on several
     * of a few shared IPs and devices; logins, bids (some on crypto projects), accepted bids, client messages and
     * replies, heartbeats; each event's time off by up to 40 minutes (the lateness is an hour), one in twenty sent
     * twice. With {@code bidders}, one account in seven bids where others log in.
     */
    private static List<Map<String, Object>> events(Random random, long step, boolean bidders) {
        List<Map<String, Object>> events = new ArrayList<>();
        int sequence = 0;
        for (int i = 0; i < 2000; i++) {
            int account = random.nextInt(40);
            boolean roaming = account % 4 == 0;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", "e" + sequence++);
            int r = random.nextInt(100);
            String type = r < 30 ? "LOGIN" : r < 50 ? "BID" : r < 55 ? "BID_ACCEPTED" : r < 75 ? "MESSAGE" : "HEARTBEAT";
            if (bidders && account % 7 == 3 && r < 27) {
                type = "BID";
            }
            e.put("type", type);
            e.put("accountId", "a" + account);
            e.put("occurredAt", T0.plus(Duration.ofSeconds(i * step - random.nextInt(2400))).toString());
            if (type.equals("LOGIN")) {
                e.put("ip", roaming ? "198.51.100." + random.nextInt(8) : "203.0.113." + account);
                e.put("deviceId", roaming || account % 5 == 1 ? "device-" + random.nextInt(4) : "own-" + account);
            }
            if (type.equals("BID")) {
                e.put("tags", random.nextBoolean() ? List.of("web3", "solidity") : List.of("react"));
            }
            if (type.equals("MESSAGE")) {
                e.put("direction", account % 3 == 0 || random.nextBoolean() ? "FROM_CLIENT" : "TO_CLIENT");
            }
            events.add(e);
            if (random.nextInt(20) == 0) {
                events.add(e);
            }
        }
        return events;
    }

    private static Map<String, List<String>> run(List<Map<String, Object>> events, Map<String, String> overrides,
                                                 Function<DetectorTopology, Topology> build) throws Exception {
        Map<String, String> config = new TreeMap<>(Map.of(
                "firebreak.platform.topic-tenants", "t1",
                "firebreak.platform.lateness", "PT1H",
                "firebreak.platform.ips-per-account", "3",
                "firebreak.platform.accounts-per-ip", "3",
                "firebreak.platform.common-ip-accounts", "12",
                "firebreak.platform.bids", "8",
                "firebreak.platform.bids-per-login", "4",
                "firebreak.platform.reply-messages", "4",
                "firebreak.platform.crypto-bids", "5",
                "firebreak.platform.crypto-share", "0.6"));
        config.put("firebreak.platform.devices-accounts", "2");
        config.put("firebreak.platform.device-min-uses", "3");
        config.put("firebreak.platform.reply-delay", "PT2H");
        config.putAll(overrides);
        Map<String, List<String>> out = new TreeMap<>();
        try (TopologyTestDriver driver = TestDrivers.start("shortcuts-test", config, JSON, build)) {
            var input = driver.createInputTopic("platform.events", Serdes.String().serializer(), Serdes.String().serializer());
            for (Map<String, Object> e : events) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("tenant-id", "t1".getBytes(StandardCharsets.UTF_8));
                input.pipeInput(new TestRecord<>((String) e.get("accountId"), JSON.writeValueAsString(e), headers));
            }
            for (String topic : TOPICS) {
                out.put(topic, driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.String().deserializer())
                        .readValuesToList());
            }
        }
        return out;
    }
}
