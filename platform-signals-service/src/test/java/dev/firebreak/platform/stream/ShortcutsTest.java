package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.ip.IpIntelligence;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.validation.Validation;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
        for (long seed = 1; seed <= 1; seed++) {
            List<Map<String, Object>> events = events(new Random(seed));
            Map<String, List<String>> with = run(events, DetectorTopology::topology);
            Map<String, List<String>> without = run(events, DetectorTopology::withoutShortcuts);
            for (String topic : TOPICS) {
                assertEquals(without.get(topic), with.get(topic), topic + ", seed " + seed);
            }
            // the events trip every detector a shortcut guards, so the comparison covers them firing as well
            Map<String, Integer> codes = new TreeMap<>();
            for (String signal : with.get("risk.signals")) {
                codes.merge(JSON.readTree(signal).path("code").asText(), 1, Integer::sum);
            }
            for (String code : List.of("PL-01", "PL-02", "PL-06", "PL-11", "PL-17", "PL-18")) {
                assertTrue(codes.getOrDefault(code, 0) > 0, code + " never raised (seed " + seed + "): " + codes);
            }
        }
    }

    /**
     * 40 accounts over a day: some with one IP and device, some on several of a few shared IPs and devices; logins,
     * bids (some on crypto projects), accepted bids, client messages and replies, heartbeats; each event's time off
     * by up to 40 minutes (the lateness is an hour), one in twenty sent twice.
     */
    private static List<Map<String, Object>> events(Random random) {
        List<Map<String, Object>> events = new ArrayList<>();
        int sequence = 0;
        for (int i = 0; i < 2000; i++) {
            int account = random.nextInt(40);
            boolean roaming = account % 4 == 0;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", "e" + sequence++);
            int r = random.nextInt(100);
            String type = r < 30 ? "LOGIN" : r < 50 ? "BID" : r < 55 ? "BID_ACCEPTED" : r < 75 ? "MESSAGE" : "HEARTBEAT";
            e.put("type", type);
            e.put("accountId", "a" + account);
            e.put("occurredAt", T0.plus(Duration.ofSeconds(i * 42L - random.nextInt(2400))).toString());
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

    private static Map<String, List<String>> run(List<Map<String, Object>> events,
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
        DetectionSettings settings = new DetectionSettings(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(config, "test", 500)).build());
        var validator = Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        DetectorTopology topology = new DetectorTopology(settings, IpIntelligence.none(),
                new IdentifierHasher("dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Qtb25seS0=", "v1"), validator, JSON);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "shortcuts-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(Path.of("target"), "shortcuts-test-").toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        props.put(BoundedRocksDb.MEMORY_MB, "16");
        Map<String, List<String>> out = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(build.apply(topology), props)) {
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
