package dev.firebreak.system;

import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.localstack.LocalStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * risk-aggregator under load on the running suite (profile {@code -Pbench} only). The tenant's store is first seeded
 * straight into the aggregator's tables with 100,000 workers, 1,000,000 observations (700,000 linking identifiers:
 * devices shared in threes, IPs shared by about 30 workers — common ones) and 200,000 signals. Then signals are
 * produced to {@code risk.signals} at a fixed rate (open loop) with linking observations among them (a new worker on
 * the device of an existing one: it joins that worker's cluster on the big store), while probe signals about fresh
 * workers measure the time from a signal's arrival at Kafka to the updated assessment being readable. The load runs
 * for the warm-up and then the measured part without a pause; the warm-up's probes are reported by 10 s window (a
 * service just started), the measured part's as a whole. Writes target/bench-aggregator.txt.
 */
@ExtendWith(SharedStack.class)
class AggregatorLoadBench {

    private static final int WORKERS = Integer.getInteger("bench.aggregator.workers", 100_000);
    private static final int RATE = Integer.getInteger("bench.aggregator.rate", 5_000);
    private static final int SECONDS = Integer.getInteger("bench.aggregator.seconds", 60);
    private static final int LINKS_PER_SECOND = Integer.getInteger("bench.aggregator.links", 300);
    private static final int DRAIN_SECONDS = Integer.getInteger("bench.aggregator.drain-seconds", 240);
    /**
     * Seconds of the same load before the measured part, without a pause: the measured part is a later stretch of a
     * sustained load. The services' JITs compile for a long while after they start. At the start of a measured run after
     * 60 s of signals alone at half the rate, the aggregator deoptimised 206 methods in 10 s (about 20 before and after),
     * compiled for the warm-up's narrower type profile (observations, the API), and spent 5–7 s of compiler time per
     * 10 s for another 40 s; consuming fell behind and the probes' p99 there reached 1–5 s (BENCHMARKS.md). With the
     * whole mix in the warm-up the deoptimisations went away, the compiling did not. So the warm-up is the run's load,
     * and its probes are reported apart (by 10 s window) as what a service just started does.
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.aggregator.warmup-seconds", 120);
    private static final List<String> CODES = List.of("PL-01", "PL-03", "PL-06", "PL-08", "PL-10", "PM-05", "PM-07",
            "ID-04", "ID-05", "ID-13", "PL-13", "PL-17");

    private final LocalStack stack = SharedStack.stack();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void signalsPerSecondAndArrivalToReadableLatencyOnALargeStore() throws Exception {
        String token = stack.token("demo-hiring");
        String tenant = Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("tenant_id").asText();
        List<String> report = new ArrayList<>();
        report.add("aggregator bench " + Instant.now() + " (" + Runtime.getRuntime().availableProcessors()
                + " cores), tenant " + tenant);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.config().postgresPort()
                + "/risk_aggregator", "postgres", "unused")) {
            long t0 = System.nanoTime();
            seed(db, tenant);
            resetStatementStatistics(db);
            report.add("seeded %,d workers, %,d observations, %,d linking identifiers, %,d signals in %.0f s".formatted(
                    WORKERS, count(db, "observation"), count(db, "worker_identifier"), count(db, "signal"),
                    (System.nanoTime() - t0) / 1e9));
            run(db, tenant, token, report);
            reportStatementStatistics(db, report);
            reportTableStatistics(db, report);
        }
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Files.writeString(Path.of("target/bench-aggregator.txt"), text);
    }

    private void run(Connection db, String tenant, String token, List<String> report) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + stack.config().kafkaPort());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144"); // as a high-volume producer would: fewer, larger requests
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        Random random = new Random(7);
        long signalsBefore = count(db, "signal");
        Map<String, Long> probes = new ConcurrentHashMap<>();
        // per committed probe: when its signal was acknowledged (nanoTime) and its latency (the tail's place in the run)
        List<long[]> timed = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger linksProduced = new AtomicInteger();
        AtomicInteger confirmed = new AtomicInteger();
        // the same probes, until the refresher has written their state (worker list, risk.assessments)
        Map<String, Long> stateProbes = new ConcurrentHashMap<>();
        List<Long> stateLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
        Connection probeDb = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.config().postgresPort()
                + "/risk_aggregator", "postgres", "unused");
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(() -> {
            pollProbes(probeDb, tenant, token, probes, timed, confirmed);
            pollStates(probeDb, tenant, stateProbes, stateLatencies);
        }, 20, 20, TimeUnit.MILLISECONDS);
        List<String> progress = new ArrayList<>();
        int perTick = RATE / 100; // 10 ms ticks, open loop
        int linksPerTick = Math.max(1, LINKS_PER_SECOND / 100);
        // the load is serialised before the clock starts: the driver shares the two cores with the suite, and
        // writing JSON while producing would take CPU from what is measured
        List<ProducerRecord<String, String>> load = new ArrayList<>();
        for (int tick = 0; tick < (WARMUP_SECONDS + SECONDS) * 100; tick++) {
            for (int i = 0; i < perTick; i++) {
                String worker = "bw-" + random.nextInt(WORKERS);
                RiskSignal signal = signal(tenant, Subject.worker(worker), CODES.get(random.nextInt(CODES.size())),
                        "load-" + (load.size() + 1));
                load.add(new ProducerRecord<>("risk.signals", signal.messageKey(), ContractJson.mapper().writeValueAsString(signal)));
            }
            for (int i = 0; i < linksPerTick; i++) {
                // a new worker signs up on the device of an existing one: it joins that worker's cluster
                String device = "v1:bench-link-" + tick + "-" + i;
                for (String worker : List.of("bw-" + random.nextInt(WORKERS), "nw-" + tick + "-" + i)) {
                    EntityObservation o = observation(tenant, worker, device);
                    load.add(new ProducerRecord<>("entity.observations", o.messageKey(),
                            ContractJson.mapper().writeValueAsString(o)));
                }
            }
        }
        int perTickAll = perTick + 2 * linksPerTick;
        long loadStart = System.nanoTime();
        long start = loadStart + Duration.ofSeconds(WARMUP_SECONDS).toNanos(); // the measured part
        report.add("load from " + Instant.now() + ", measured from " + Instant.now().plusSeconds(WARMUP_SECONDS)
                + " (to line up with service, GC and PostgreSQL logs)");
        long warmupProduced = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            long end = start + Duration.ofSeconds(SECONDS).toNanos();
            long tick = 0;
            int probe = 0;
            while (System.nanoTime() < end && (tick + 1) * perTickAll <= load.size()) {
                for (ProducerRecord<String, String> record : load.subList((int) tick * perTickAll, (int) (tick + 1) * perTickAll)) {
                    producer.send(record);
                    if (record.topic().equals("risk.signals")) {
                        produced.incrementAndGet();
                    } else {
                        linksProduced.incrementAndGet();
                    }
                }
                if (tick % 10 == 0) { // ten probes a second
                    String worker = "probe-" + (probe++) + "-" + random.nextInt(1_000_000);
                    RiskSignal signal = signal(tenant, Subject.worker(worker), "PL-08", "probe-" + probe);
                    producer.send(new ProducerRecord<>("risk.signals", signal.messageKey(),
                            ContractJson.mapper().writeValueAsString(signal)), (meta, error) -> {
                        if (error == null) {
                            long acknowledged = System.nanoTime();
                            probes.put(worker, acknowledged);
                            if (acknowledged >= start) { // the stored state is measured from the warm-up's end
                                stateProbes.put(worker, acknowledged);
                            }
                        }
                    });
                }
                if (tick % 500 == 0) {
                    progress.add("  t=%3.0f s stored %,d backlog %,d".formatted((System.nanoTime() - start) / 1e9,
                            count(db, "signal") - signalsBefore, count(db, "assessment_dirty")));
                }
                tick++;
                if (tick == WARMUP_SECONDS * 100L) {
                    warmupProduced = produced.get();
                }
                long next = loadStart + tick * 10_000_000L;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        int total = produced.get();
        long measuredProduced = total - warmupProduced;
        // wait until every produced signal is stored
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long stored;
        while ((stored = count(db, "signal") - signalsBefore) < total + timed.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        double consumedSeconds = (System.nanoTime() - loadStart) / 1e9;
        long backlogAtEnd = count(db, "assessment_dirty");
        long drainStart = System.nanoTime();
        long drainDeadline = drainStart + Duration.ofSeconds(DRAIN_SECONDS).toNanos();
        while (count(db, "assessment_dirty") > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(500);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long backlogLeft = count(db, "assessment_dirty");
        Thread.sleep(2000);
        poller.shutdownNow();
        poller.awaitTermination(10, TimeUnit.SECONDS);
        probeDb.close();
        long[] sorted = timed.stream().filter(t -> t[0] >= start).mapToLong(t -> t[1]).sorted().toArray();
        report.addAll(progress);
        report.add("produced %,d signals in %.0f s of warm-up and %,d in %.0f s measured (%,.0f/s offered), %,d linking observations; all stored %.1f s after the load began: %,.0f signals/s consumed"
                .formatted(warmupProduced, (double) WARMUP_SECONDS, measuredProduced, produceSeconds,
                        measuredProduced / produceSeconds, linksProduced.get(), consumedSeconds, total / consumedSeconds));
        report.add("refresh queue (assessment state, worker list, risk.assessments): %,d workers waiting when the last signal was stored; %,d refreshed in the next %.0f s (%,.0f workers/s), %,d left"
                .formatted(backlogAtEnd, backlogAtEnd - backlogLeft, drainSeconds, (backlogAtEnd - backlogLeft) / drainSeconds,
                        backlogLeft));
        report.add("arrival at Kafka → assessment readable (signal committed), %d probes: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms; %d then read through the API (200)"
                .formatted(sorted.length, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 100), confirmed.get()));
        for (int window = -WARMUP_SECONDS; window < SECONDS; window += 10) {
            int from = window;
            long[] inWindow = timed.stream().filter(t -> Math.floorDiv(t[0] - start, 1_000_000_000L) >= from
                    && Math.floorDiv(t[0] - start, 1_000_000_000L) < from + 10).mapToLong(t -> t[1]).sorted().toArray();
            if (inWindow.length > 0) {
                report.add("  probes sent at t=%d-%d s: %d, p50 %.0f ms, p99 %.0f ms".formatted(from, from + 10,
                        inWindow.length, pct(inWindow, 50), pct(inWindow, 99)));
            }
        }
        long[] states = stateLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
        report.add("arrival at Kafka → the probe's stored state written by the refresher (worker list, risk.assessments): %d of %d probes within the drain, p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms"
                .formatted(states.length, sorted.length, pct(states, 50), pct(states, 90), pct(states, 99), pct(states, 100)));
        report.add("clusters after the run: %,d workers in %,d clusters".formatted(count(db, "worker_cluster"),
                scalar(db, "select count(distinct cluster_id) from worker_cluster")));
        assertTrue(sorted.length > 0, "probes were measured");
    }

    /**
     * A probe is readable once its signal is committed: the assessment is computed on read from the committed evidence.
     * One query finds every pending probe that is (a GET per probe, one after another, made the measurement as slow
     * as the GETs when many were pending); each is then read through the API once, which must answer 200.
     */
    private void pollProbes(Connection probeDb, String tenant, String token, Map<String, Long> probes,
                            List<long[]> timed, AtomicInteger confirmed) {
        try {
            List<String> pending = List.copyOf(probes.keySet());
            if (pending.isEmpty()) {
                return;
            }
            List<String> committed = workersIn(probeDb, "signal", tenant, pending);
            long now = System.nanoTime();
            for (String worker : committed) {
                long acknowledged = probes.remove(worker);
                timed.add(new long[] {acknowledged, now - acknowledged});
            }
            for (String worker : committed) {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(
                                stack.config().service("risk-aggregator").url() + "/api/v1/workers/" + worker + "/assessment"))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    confirmed.incrementAndGet();
                }
            }
        } catch (Exception e) {
            // the next poll tries again
        }
    }

    /** Probes whose worker now has a stored assessment state: the refresher has reached them. */
    private static void pollStates(Connection probeDb, String tenant, Map<String, Long> stateProbes, List<Long> stateLatencies) {
        try {
            List<String> pending = List.copyOf(stateProbes.keySet());
            if (pending.isEmpty()) {
                return;
            }
            List<String> stored = workersIn(probeDb, "assessment_state", tenant, pending);
            long now = System.nanoTime();
            stored.forEach(worker -> stateLatencies.add(now - stateProbes.remove(worker)));
        } catch (Exception e) {
            // the next poll tries again
        }
    }

    /** Which of the pending probes' workers have a row in {@code table} (one query for all of them). */
    private static List<String> workersIn(Connection probeDb, String table, String tenant, List<String> pending) throws Exception {
        List<String> found = new ArrayList<>();
        try (var query = probeDb.prepareStatement("select distinct worker_id from " + table + " where tenant_id = ? and worker_id = any(?)")) {
            query.setString(1, tenant);
            query.setArray(2, probeDb.createArrayOf("varchar", pending.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private static RiskSignal signal(String tenant, Subject subject, String code, String eventId) {
        return new RiskSignal(1, MessageIds.signalId(tenant, code, subject, "bench", List.of(eventId)), null, tenant,
                subject, code, Severity.MEDIUM, 0.8, Instant.now(), null, "bench", "bench",
                Map.of("explanation", "bench signal " + eventId), List.of());
    }

    private static EntityObservation observation(String tenant, String worker, String device) {
        Subject subject = Subject.worker(worker);
        return new EntityObservation(1, MessageIds.observationId(tenant, subject, IdentifierType.DEVICE, device, "bench"),
                tenant, subject, IdentifierType.DEVICE, device, Instant.now(), "bench");
    }

    /**
     * With PostgreSQL's statement statistics loaded ({@code -Dfirebreak.stack.postgres-options=
     * "shared_preload_libraries=pg_stat_statements"}), starts them afresh after the seeding; without them, nothing.
     */
    private static void resetStatementStatistics(Connection db) {
        try (Statement s = db.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("select pg_stat_statements_reset()");
        } catch (Exception e) {
            // not loaded: no statistics
        }
    }

    /**
     * How each busy table was read (sequential scans over a table that grew under the load mean a plan made on stale
     * statistics) and how often autovacuum analysed it.
     */
    private static void reportTableStatistics(Connection db, List<String> report) throws Exception {
        report.add("tables (pg_stat_user_tables, since the database was created):");
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery("""
                select relname, seq_scan, seq_tup_read, idx_scan, n_live_tup, n_dead_tup, autoanalyze_count,
                       autovacuum_count from pg_stat_user_tables
                where relname in ('assessment_state', 'assessment_dirty', 'signal', 'observation', 'worker_identifier',
                                  'identifier_holders', 'worker_cluster', 'outbox', 'audit_entry')
                order by seq_tup_read desc""")) {
            while (rows.next()) {
                report.add(("  %-18s seq scans %,7d (%,13d rows read), index scans %,10d; %,9d live, %,8d dead rows;"
                        + " analysed %d, vacuumed %d times").formatted(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5),
                                rows.getLong(6), rows.getLong(7), rows.getLong(8)));
            }
        }
    }

    /** The aggregator's costliest statements since the reset (where the database's time goes), if loaded. */
    private static void reportStatementStatistics(Connection db, List<String> report) {
        try (Statement s = db.createStatement()) {
            report.add("PostgreSQL statements of risk_aggregator in the warm-up, run and drain, by total time (pg_stat_statements):");
            try (ResultSet rows = s.executeQuery("""
                    select calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements
                    where dbid = (select oid from pg_database where datname = current_database())
                      and query not like '%pg_stat_statements%'
                    order by total_exec_time desc limit 15""")) {
                while (rows.next()) {
                    report.add("  %,9d calls %,9.0f ms %,10d rows  %s".formatted(rows.getLong(1), rows.getDouble(2),
                            rows.getLong(3), rows.getString(4).substring(0, Math.min(160, rows.getString(4).length()))));
                }
            }
        } catch (Exception e) {
            // not loaded: no statistics
        }
    }

    /**
     * The store as a long history would leave it: per worker an email, a phone, a device shared with two others
     * (clusters of three), four IPs each shared by about 30 workers (common: they link nobody), two countries and a
     * platform account; two signals per worker.
     */
    private static void seed(Connection db, String tenant) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("""
                    insert into observation (observation_id, tenant_id, worker_id, type, value, observed_at, source, received_at)
                    select md5('seed-o-' || w || '-' || k)::uuid, '%1$s', 'bw-' || w, t.type, t.value,
                           now() - interval '200 days' + (w %% 1000) * interval '1 minute', 'bench-seed', now()
                    from generate_series(0, %2$d - 1) w cross join lateral (values
                        (1, 'EMAIL', 'v1:e-' || w), (2, 'PHONE', 'v1:p-' || w), (3, 'DEVICE', 'v1:d-' || (w / 3)),
                        (4, 'IP', '10.4.' || ((w %% 3333) / 256) || '.' || ((w %% 3333) %% 256)),
                        (5, 'IP', '10.5.' || ((w %% 3331) / 256) || '.' || ((w %% 3331) %% 256)),
                        (6, 'IP', '10.6.' || ((w %% 3329) / 256) || '.' || ((w %% 3329) %% 256)),
                        (7, 'IP', '10.7.' || ((w %% 3323) / 256) || '.' || ((w %% 3323) %% 256)),
                        (8, 'DECLARED_COUNTRY', 'GB'), (9, 'DOCUMENT_COUNTRY', 'GB'), (10, 'PLATFORM_ACCOUNT', 'ba-' || w)
                    ) t(k, type, value)""".formatted(tenant, WORKERS));
            s.execute("""
                    insert into worker_identifier (tenant_id, type, value, worker_id, source, first_seen)
                    select tenant_id, type, value, worker_id, source, min(observed_at) from observation
                    where tenant_id = '%s' and source = 'bench-seed'
                      and type in ('EMAIL', 'PHONE', 'DEVICE', 'IP') group by tenant_id, type, value, worker_id, source
                    """.formatted(tenant));
            s.execute("""
                    insert into identifier_holders (tenant_id, type, value, holders)
                    select tenant_id, type, value, count(*) from worker_identifier where tenant_id = '%s'
                    group by tenant_id, type, value""".formatted(tenant));
            s.execute("""
                    insert into worker_cluster (tenant_id, worker_id, cluster_id)
                    select '%1$s', 'bw-' || w, 'cl-' || md5('seed-c-' || (w / 3))::uuid
                    from generate_series(0, %2$d - 1) w""".formatted(tenant, WORKERS));
            s.execute("""
                    insert into signal (signal_id, tenant_id, worker_id, code, severity, confidence, observed_at, source,
                                        detector, evidence, received_at)
                    select md5('seed-s-' || w || '-' || k)::uuid, '%1$s', 'bw-' || w,
                           (array['PL-01','PL-08','PM-05','ID-04','PL-13'])[1 + (w + k) %% 5], 'MEDIUM', 0.7,
                           now() - interval '100 days' + (w %% 997) * interval '1 minute', 'bench-seed', 'seed',
                           '{"explanation":"seeded"}', now()
                    from generate_series(0, %2$d - 1) w cross join generate_series(1, 2) k""".formatted(tenant, WORKERS));
            // as a long-lived store is: vacuumed (the visibility map lets index-only scans skip the table), analysed
            s.execute("vacuum analyze");
        }
    }

    private static long count(Connection db, String table) throws Exception {
        return scalar(db, "select count(*) from " + table);
    }

    private static long scalar(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static double pct(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
