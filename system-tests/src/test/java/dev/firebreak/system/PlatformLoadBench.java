package dev.firebreak.system;

import dev.firebreak.localstack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * platform-signals-service under load on the running suite (profile {@code -Pbench} only), all detectors on, one
 * instance. The synthetic population (a user per red flag, hard negatives) goes in first, then ordinary users' events:
 * through REST batches (4 clients, batches of 1,000) and then through {@code platform.events} at a fixed rate (open
 * loop) for the run's length, while probes — a fresh account's remote-desktop port (account stage) and three fresh
 * accounts on a fresh IP (IP stage, one more hop) — measure the time from the broker's acknowledgement of the event to
 * the signal being committed on {@code risk.signals}. Every 10 s: the topology's lag, the service's resident memory
 * and heap. Ends with the detection check. Writes target/bench-platform.txt.
 */
@ExtendWith(SharedStack.class)
class PlatformLoadBench {

    private static final int REST_EVENTS = Integer.getInteger("bench.platform.rest-events", 300_000);
    private static final int RATE = Integer.getInteger("bench.platform.rate", 10_000);
    private static final int SECONDS = Integer.getInteger("bench.platform.seconds", 600);
    private static final int ACCOUNTS = Integer.getInteger("bench.platform.accounts", 50_000);
    /** Probes sent in the first seconds of the Kafka phase (new accounts' first events, JIT) are also shown apart. */
    private static final int STEADY_AFTER = Integer.getInteger("bench.platform.steady-after-seconds", 30);
    /**
     * Seconds of uncounted load before the measured phases (0: none, the measured phases start on a cold JVM). The
     * warm-up's own figures are reported: they are the cold service's.
     */
    private static final int WARMUP = Integer.getInteger("bench.platform.warmup-seconds", 0);
    /**
     * Whether the other three services are stopped during the run: the service as a freelance platform deploys it,
     * alone with its broker, PostgreSQL and Keycloak (otherwise the aggregator, reading every signal and observation
     * it emits, takes a quarter of these two cores).
     */
    /**
     * Workers erased (through the service's own DELETE) before the measured run, so that every event pays the
     * suppression look-up (issue 29): with none, the look-up is skipped.
     */
    private static final int ERASURES = Integer.getInteger("bench.platform.erasures", 0);
    private static final boolean ALONE = Boolean.parseBoolean(System.getProperty("bench.platform.alone", "true"));
    private static final List<String> OTHERS = List.of("identity-service", "payments-service", "risk-aggregator",
            "analyst-console");
    private static final String TENANT = "demo-platform";

    private final LocalStack stack = SharedStack.stack();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> report = Collections.synchronizedList(new ArrayList<>());

    @Test
    void eventsPerSecondLatencyMemoryAndDetection() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        report.add("platform bench " + Instant.now() + " (" + Runtime.getRuntime().availableProcessors() + " cores), run "
                + run + ", rest " + REST_EVENTS + " events, kafka " + RATE + "/s for " + SECONDS + " s over " + ACCOUNTS
                + " accounts, " + (ALONE ? "the service alone (other services stopped)" : "the whole suite running")
                + (ERASURES > 0 ? ", " + ERASURES + " workers erased first" : ""));
        if (ALONE) {
            OTHERS.forEach(stack::stop);
        }
        try {
            measure(run, t0);
        } finally {
            if (ALONE) {
                OTHERS.forEach(stack::restart);
            }
        }
    }

    private void measure(String run, Instant t0) throws Exception {
        PlatformPopulation restPopulation = new PlatformPopulation("r" + run, t0, 2).seed();
        PlatformPopulation kafkaPopulation = new PlatformPopulation("k" + run, t0, 3).seed();
        erase(run);
        warmUp(run, t0.minus(Duration.ofDays(7)));
        rest(run, t0, restPopulation);
        kafka(run, t0, kafkaPopulation);

        await(Duration.ofMinutes(10), () -> PlatformTraffic.lag(stack) == 0);
        PlatformTraffic.Check restCheck = PlatformTraffic.check(restPopulation.flagged(),
                PlatformTraffic.raised(stack, TENANT, "r" + run));
        PlatformTraffic.Check kafkaCheck = PlatformTraffic.check(kafkaPopulation.flagged(),
                PlatformTraffic.raised(stack, TENANT, "k" + run));
        report.add("detection, REST population: " + restCheck);
        report.add("detection, Kafka population: " + kafkaCheck);
        report.add(outbox());
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Files.writeString(Path.of("target/bench-platform.txt"), text);
        assertTrue(restCheck.passed() && kafkaCheck.passed(), text);
    }

    /** {@link #ERASURES} workers of the tenant erased, none of them in the measured populations. */
    private void erase(String run) {
        String token = stack.token(TENANT);
        for (int i = 0; i < ERASURES; i++) {
            Api.Reply reply = Api.delete(stack, "platform-signals-service", "/api/v1/workers/e" + run + "-" + i, token);
            assertTrue(reply.status() == 200, "erasure " + i + ": " + reply.status());
        }
    }

    /**
     * The service's outbox after the run, once the relay's maintenance had a chance to run (it runs every minute):
     * its rows and its size on disk. With the default retention (7 days) every REST event of the run is still there;
     * run with {@code FIREBREAK_OUTBOX_RETENTION=PT1M} in the environment (the stack passes it on) to see it bounded.
     */
    private String outbox() throws Exception {
        Thread.sleep(Duration.ofSeconds(75).toMillis());
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                + stack.config().postgresPort() + "/platform_signals", "postgres", "unused");
             java.sql.Statement sql = db.createStatement()) {
            sql.execute("vacuum outbox");
            try (java.sql.ResultSet r = sql.executeQuery("""
                    select count(*), count(*) filter (where published_at is null),
                           count(*) filter (where parked_at is not null), pg_total_relation_size('outbox')
                    from outbox""")) {
                r.next();
                return "outbox after the run (retention %s): %,d rows (%,d unpublished, %,d parked), %,d MiB with indexes"
                        .formatted(System.getenv().getOrDefault("FIREBREAK_OUTBOX_RETENTION", "P7D, the default"),
                                r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4) >> 20);
            }
        }
    }

    /**
     * Ordinary users' events of other accounts, a week of event time before the measured ones (so that no IP's 24 h
     * window holds both), through one REST client as fast as it goes and through Kafka at half the rate, for
     * {@link #WARMUP} seconds; then until the topology has drained.
     */
    private void warmUp(String run, Instant t0) throws Exception {
        if (WARMUP <= 0) {
            return;
        }
        String token = stack.token(TENANT);
        PlatformPopulation.Background viaRest = new PlatformPopulation.Background("wr" + run, t0, ACCOUNTS, RATE, 7);
        PlatformPopulation.Background viaKafka = new PlatformPopulation.Background("wk" + run, t0, ACCOUNTS, RATE, 9);
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(WARMUP).toNanos();
        AtomicLong posted = new AtomicLong();
        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<?> rest = client.submit(() -> {
            while (System.nanoTime() < end) {
                List<Map<String, Object>> batch = new ArrayList<>(1000);
                for (int k = 0; k < 1000; k++) {
                    batch.add(viaRest.next());
                }
                posted.addAndGet(PlatformTraffic.post(stack, token, batch, 1000));
            }
            return null;
        });
        long produced;
        try (KafkaProducer<String, String> producer = PlatformTraffic.producer(stack)) {
            produced = PlatformTraffic.offer(start, RATE / 2, WARMUP, (tick, events) -> {
                for (int i = 0; i < events; i++) {
                    producer.send(PlatformTraffic.record(TENANT, viaKafka.next()));
                }
            });
            producer.flush();
        }
        rest.get();
        client.shutdown();
        await(Duration.ofMinutes(20), () -> PlatformTraffic.lag(stack) == 0);
        double drained = (System.nanoTime() - start) / 1e9;
        report.add("warm-up (the service cold, not counted): %,d events through REST (one client) and %,d through Kafka (%,d/s) in %d s; drained after %.0f s: %,.0f events/s"
                .formatted(posted.get(), produced, RATE / 2, WARMUP, drained, (posted.get() + produced) / drained));
    }

    private void rest(String run, Instant t0, PlatformPopulation population) throws Exception {
        String token = stack.token(TENANT);
        PlatformTraffic.post(stack, token, population.events(), 1000);
        PlatformPopulation.Background background = new PlatformPopulation.Background("r" + run, t0, ACCOUNTS, RATE, 3);
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int i = 0; i < REST_EVENTS; i += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>(1000);
            for (int k = 0; k < 1000; k++) {
                batch.add(background.next());
            }
            batches.add(batch);
        }
        List<String> bodies = new ArrayList<>();
        for (var batch : batches) {
            bodies.add(Api.JSON.writeValueAsString(batch));
        }
        String url = stack.config().service("platform-signals-service").url() + "/api/v1/events";
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        AtomicLong posted = new AtomicLong();
        var sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> sample(start, posted), 0, 10, TimeUnit.SECONDS);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            done.add(clients.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("POST /events: " + response.statusCode() + " " + response.body());
                    }
                    latencies.add(System.nanoTime() - sent);
                    posted.addAndGet(1000);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        clients.shutdown();
        double accepted = (System.nanoTime() - start) / 1e9;
        await(Duration.ofMinutes(20), () -> PlatformTraffic.lag(stack) == 0);
        double drained = (System.nanoTime() - start) / 1e9;
        sampler.shutdownNow();
        List<Long> sorted = latencies.stream().sorted().toList();
        report.add("REST: %,d events in batches of 1,000 by 4 clients: accepted at %,.0f events/s (batch p50 %.0f ms, p99 %.0f ms); detected (topology drained) at %,.0f events/s"
                .formatted(REST_EVENTS, REST_EVENTS / accepted, sorted.get(sorted.size() / 2) / 1e6,
                        sorted.get((int) (sorted.size() * 0.99)) / 1e6, REST_EVENTS / drained));
    }

    private void kafka(String run, Instant t0, PlatformPopulation population) throws Exception {
        PlatformTraffic.sendAll(stack, TENANT, population.events());
        PlatformPopulation.Background background = new PlatformPopulation.Background("k" + run, t0, ACCOUNTS, RATE, 5);
        Map<String, Long> probes = new ConcurrentHashMap<>();
        // {sent, latency} in nanoseconds
        List<long[]> accountLatencies = Collections.synchronizedList(new ArrayList<>());
        List<long[]> ipLatencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> watch(probes, accountLatencies, ipLatencies, running));
        watcher.start();
        AtomicLong produced = new AtomicLong();
        var sampler = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        sampler.scheduleAtFixedRate(() -> sample(start, produced), 0, 10, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = PlatformTraffic.producer(stack)) {
            AtomicInteger probeCount = new AtomicInteger();
            PlatformTraffic.offer(start, RATE, SECONDS, (tick, events) -> {
                for (int i = 0; i < events; i++) {
                    producer.send(PlatformTraffic.record(TENANT, background.next()));
                }
                produced.addAndGet(events);
                if (tick % 10 == 0) { // ten probes a second, alternating the two kinds
                    int probe = probeCount.incrementAndGet();
                    String id = "p" + run + "-probe-" + (probe - 1); // not in the checked populations
                    Instant at = t0.plusMillis(tick * 10);
                    if (probe % 2 == 0) {
                        Map<String, Object> ports = event(id + "-e", "PORT_CHECK", id, at, null);
                        ports.put("openPorts", List.of(3389));
                        sendProbe(producer, ports, id, probes);
                    } else {
                        String ip = "203.0." + (probe / 250 % 250) + "." + (probe % 250 + 1);
                        for (int k = 0; k < 3; k++) {
                            Map<String, Object> login = event(id + "-e" + k, "LOGIN", id + "-" + k, at.plusMillis(k), ip);
                            if (k < 2) {
                                producer.send(PlatformTraffic.record(TENANT, login));
                            } else {
                                sendProbe(producer, login, "ip:" + id + "-" + k, probes);
                            }
                        }
                    }
                }
            });
            producer.flush();
        }
        double producing = (System.nanoTime() - start) / 1e9;
        await(Duration.ofMinutes(20), () -> PlatformTraffic.lag(stack) == 0);
        double drained = (System.nanoTime() - start) / 1e9;
        Thread.sleep(3_000);
        running.set(false);
        watcher.join();
        sampler.shutdownNow();
        report.add("Kafka: %,d events offered at %,d/s over %.0f s; topology drained after %.0f s: %,.0f events/s sustained"
                .formatted(produced.get(), RATE, producing, drained, produced.get() / drained));
        long steady = start + Duration.ofSeconds(STEADY_AFTER).toNanos();
        for (var probe : List.of(Map.entry("account stage (PL-09 probe)", accountLatencies),
                Map.entry("IP stage (PL-02 probe)", ipLatencies))) {
            List<Long> all = probe.getValue().stream().map(l -> l[1]).toList();
            List<Long> later = probe.getValue().stream().filter(l -> l[0] >= steady).map(l -> l[1]).toList();
            report.add("event → signal committed, " + probe.getKey() + ": " + percentiles(all) + " of " + all.size()
                    + " probes; those sent after the first " + STEADY_AFTER + " s: " + percentiles(later) + " of "
                    + later.size());
        }
    }

    private static Map<String, Object> event(String eventId, String type, String account, Instant at, String ip) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("accountId", account);
        e.put("occurredAt", at.toString());
        if (ip != null) {
            e.put("ip", ip);
        }
        return e;
    }

    private static void sendProbe(KafkaProducer<String, String> producer, Map<String, Object> event, String probe,
                                  Map<String, Long> probes) {
        producer.send(PlatformTraffic.record(TENANT, event), (meta, error) -> {
            if (error == null) {
                probes.put(probe, System.nanoTime());
            }
        });
    }

    /** Reads risk.signals (committed only) from its end and times each probe's signal. */
    private void watch(Map<String, Long> probes, List<long[]> accountLatencies, List<long[]> ipLatencies, AtomicBoolean running) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformTraffic.bootstrap(stack));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor("risk.signals").stream()
                    .map(p -> new TopicPartition("risk.signals", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running.get()) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    int at = r.value().indexOf("-probe-");
                    if (at < 0) {
                        continue;
                    }
                    var s = Api.JSON.readTree(r.value());
                    String account = s.path("subject").path("accountId").asText();
                    String code = s.path("code").asText();
                    if (code.equals("PL-09")) {
                        Long sent = probes.remove(account);
                        if (sent != null) {
                            accountLatencies.add(new long[] {sent, now - sent});
                        }
                    } else if (code.equals("PL-02")) {
                        Long sent = probes.remove("ip:" + account);
                        if (sent != null) {
                            ipLatencies.add(new long[] {sent, now - sent});
                        }
                    }
                }
            }
        } catch (Exception e) {
            report.add("probe watcher failed: " + e);
        }
    }

    /** CPU time by process at the last sample, and when (nanoTime), for the share of a core each used since. */
    private Map<String, Long> lastCpu = Map.of();
    private long lastCpuAt;

    private void sample(long start, AtomicLong produced) {
        try {
            Map<String, Long> lag = PlatformTraffic.lagByTopic(stack);
            long rss = stack.residentMemoryMib().getOrDefault("platform-signals-service", 0L);
            long relayed = PlatformTraffic.size(stack, "platform.events.accepted");
            Map<String, Long> cpu = stack.cpuMillis();
            long now = System.nanoTime();
            StringBuilder shares = new StringBuilder();
            for (String process : List.of("platform-signals-service", "kafka", "postgres")) {
                Long before = lastCpu.get(process);
                if (before != null) {
                    shares.append(" %s %.0f%%".formatted(process.equals("platform-signals-service") ? "service" : process,
                            (cpu.getOrDefault(process, 0L) - before) * 1e8 / (now - lastCpuAt)));
                }
            }
            lastCpu = cpu;
            lastCpuAt = now;
            report.add("  t=%4.0f s offered %,d relayed (all time) %,d lag %,d %s rss %,d MiB heap %,d MiB cpu (of a core)%s".formatted(
                    (System.nanoTime() - start) / 1e9, produced.get(), relayed, lag.values().stream().mapToLong(Long::longValue).sum(),
                    lag, rss, heapMib(), shares));
        } catch (Exception e) {
            report.add("  sample failed: " + e);
        }
    }

    private long heapMib() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(stack.config().service("platform-signals-service")
                .managementUrl() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double bytes = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(bytes / (1024 * 1024));
    }

    private static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no probe answered";
        }
        List<Long> sorted = nanos.stream().sorted().toList();
        return "p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms".formatted(sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.9)) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
                sorted.getLast() / 1e6);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + timeout);
            }
            Thread.sleep(500);
        }
    }
}
