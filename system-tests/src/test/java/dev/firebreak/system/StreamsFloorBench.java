package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.localstack.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The floor under {@link PlatformLoadBench} (profile {@code -Pbench} only): what Kafka Streams with
 * {@code exactly_once_v2} costs on this machine for the platform topology's flow of records, with none of the
 * detection. The same ordinary users' events at the same offered rate go to a topic of their own, read by a topology
 * in this JVM (where the load driver runs too, as in the platform bench) with the service's settings: two stream
 * threads, a 200 ms commit interval, uncached RocksDB stores under the service's memory bound. The services are stopped;
 * the broker is the local stack's. Three levels, each a run of its own:
 * <ul>
 *   <li>{@code consume}: read the events and commit;</li>
 *   <li>{@code store}: also read each event's JSON, keep the event under a time-ordered key and read and write a
 *       per-account state, as the account stage does;</li>
 *   <li>{@code fanout}: also send the records the account stage sends to the shared stages (a login to its IP and
 *       device, a profile text to 16 bands), through repartition topics to a stage that keeps each.</li>
 * </ul>
 * The difference between a level and the service's own figure is what the detectors and their reads add. Writes
 * target/bench-floor.txt.
 */
@ExtendWith(SharedStack.class)
class StreamsFloorBench {

    private static final int RATE = Integer.getInteger("bench.floor.rate", 10_000);
    private static final int SECONDS = Integer.getInteger("bench.floor.seconds", 60);
    private static final int ACCOUNTS = Integer.getInteger("bench.floor.accounts", 20_000);
    private static final List<String> LEVELS = List.of(System.getProperty("bench.floor.levels", "consume,store,fanout").split(","));
    private static final List<String> SERVICES = List.of("identity-service", "payments-service", "risk-aggregator",
            "platform-signals-service");
    private static final String STORE = "floor-accounts", SHARED_STORE = "floor-shared";

    private final LocalStack stack = SharedStack.stack();
    private final List<String> report = new ArrayList<>();

    @Test
    void sustainedRatePerLevel() throws Exception {
        report.add("streams floor " + Instant.now() + " (" + Runtime.getRuntime().availableProcessors() + " cores): "
                + RATE + "/s offered for " + SECONDS + " s over " + ACCOUNTS + " accounts, exactly_once_v2, 2 threads, commit 200 ms");
        SERVICES.forEach(stack::stop);
        try {
            for (String level : LEVELS) {
                run(level.strip());
            }
        } finally {
            SERVICES.forEach(stack::restart);
        }
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Files.writeString(Path.of("target/bench-floor.txt"), text);
        assertTrue(report.stream().noneMatch(l -> l.contains("not drained")), text);
    }

    private void run(String level) throws Exception {
        String id = level + "-" + UUID.randomUUID().toString().substring(0, 6);
        String input = "floor.events." + id;
        String app = "floor-" + id;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(input, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Path state = Files.createTempDirectory("floor-state");
        KafkaStreams streams = new KafkaStreams(topology(level, input), config(app, state));
        streams.start();
        long cpu0 = processCpu(), broker0 = brokerCpu();
        PlatformPopulation.Background background = new PlatformPopulation.Background("f" + id, Instant.parse("2026-11-02T10:00:00Z"),
                ACCOUNTS, RATE, 5);
        long start = System.nanoTime();
        long produced;
        try (KafkaProducer<String, String> producer = PlatformTraffic.producer(stack)) {
            produced = PlatformTraffic.offer(start, RATE, SECONDS, (tick, events) -> {
                for (int i = 0; i < events; i++) {
                    producer.send(PlatformTraffic.record(input, "demo-platform", background.next()));
                }
            });
            producer.flush();
        }
        double producing = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long lag;
        while ((lag = lag(app)) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        double drained = (System.nanoTime() - start) / 1e9;
        long cpu = processCpu() - cpu0, broker = brokerCpu() - broker0;
        streams.close(Duration.ofSeconds(30));
        streams.cleanUp();
        report.add("%-8s %,d events offered over %.0f s; %s after %.0f s: %,.0f events/s sustained; CPU over the run: this JVM (topology and driver) %.0f %% of a core, broker %.0f %%"
                .formatted(level, produced, producing, lag > 0 ? "not drained (lag " + lag + ")" : "drained", drained,
                        produced / drained, cpu / 1e7 / drained, broker / 1e7 / drained));
    }

    private Properties config(String app, Path state) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformTraffic.bootstrap(stack));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(StreamsConfig.producerPrefix("linger.ms"), 5);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "dev.firebreak.platform.stream.BoundedRocksDb");
        p.put("firebreak.rocksdb.memory.mb", "192");
        return p;
    }

    private static org.apache.kafka.streams.Topology topology(String level, String input) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHARED_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingDisabled());
        KStream<String, byte[]> events = builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()));
        switch (level) {
            case "consume" -> events.foreach((k, v) -> { });
            case "store", "fanout" -> {
                KStream<String, byte[]> fanned = events.process(() -> new Keep(level.equals("fanout")), Named.as("keep"), STORE);
                if (level.equals("fanout")) {
                    fanned.repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("floor-shared"))
                            .process(Shared::new, Named.as("shared"), SHARED_STORE);
                }
            }
            default -> throw new IllegalArgumentException("level: consume, store or fanout, not " + level);
        }
        return builder.build();
    }

    /** The account stage's work on the store, without detection: the event kept by time, the state read and written. */
    private static final class Keep implements Processor<String, byte[], String, byte[]> {
        private final boolean fanOut;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        Keep(boolean fanOut) {
            this.fanOut = fanOut;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            JsonNode e;
            try {
                e = Api.JSON.readTree(record.value());
            } catch (java.io.IOException ex) {
                return;
            }
            String account = e.path("accountId").asText();
            String timed = account + "|" + e.path("occurredAt").asText() + "|" + e.path("eventId").asText();
            if (store.get(timed) != null) {
                return;
            }
            byte[] state = store.get(account + "|Z");
            store.put(timed, record.value());
            store.put(account + "|Z", state == null ? new byte[64] : state);
            if (!fanOut) {
                return;
            }
            String type = e.path("type").asText();
            if (type.equals("LOGIN")) {
                forward(e.path("ip").asText(), record);
            }
            if (e.hasNonNull("deviceId")) {
                forward(e.path("deviceId").asText(), record);
            }
            if (type.equals("PROFILE_TEXT")) {
                int hash = e.path("text").asText().hashCode();
                for (int b = 0; b < 16; b++) {
                    forward(b + ":" + Integer.toHexString(hash * 31 + b), record);
                }
            }
        }

        private void forward(String key, Record<String, byte[]> record) {
            context.forward(new Record<>(key, record.value(), record.timestamp()));
        }
    }

    /** A shared stage's work on the store, without detection: each record kept under its key. */
    private static final class Shared implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;
        private long n;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(SHARED_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            store.put(record.key() + "|" + (n++), record.value());
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformTraffic.bootstrap(stack));
        return Admin.create(props);
    }

    /** What the application still has to read ({@link Long#MAX_VALUE} before its first commit). */
    private long lag(String app) throws Exception {
        Map<String, Long> lag = PlatformTraffic.lagByTopic(stack, app);
        return lag.isEmpty() ? Long.MAX_VALUE : lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /** CPU time of this JVM, in nanoseconds. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the local stack's broker process, in nanoseconds (Linux /proc; clock ticks of 10 ms). */
    private long brokerCpu() {
        try {
            String pid = Files.readString(stack.config().runDir().resolve("kafka.pid")).strip();
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
