package dev.firebreak.system;

import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * payments-service under load on the running suite (profile {@code -Pbench} only), all detectors on: transfers
 * posted in batches of 100 from several client threads (throughput), then one at a time (latency per transfer),
 * after a warm-up run, first against a small history, then after 100,000 and 1,000,000 transfers of history are
 * written straight into the tenant's table. New transfers run between parties of that history, so every neighbourhood query meets it. Writes
 * target/bench-payments.txt.
 */
@ExtendWith(SharedStack.class)
class PaymentsLoadBench {

    private static final int HISTORY = Integer.getInteger("bench.payments.history", 1_000_000);
    private static final int PARTIES = Integer.getInteger("bench.payments.parties", 200_000);
    private static final int SECONDS = Integer.getInteger("bench.payments.seconds", 30);
    private static final int THREADS = Integer.getInteger("bench.payments.threads", 4);

    private final LocalStack stack = SharedStack.stack();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sequence = new AtomicInteger();

    @Test
    void throughputAndLatencyAgainstAGrowingHistory() throws Exception {
        String token = stack.token("demo-emi");
        String tenant = Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("tenant_id").asText();
        List<String> report = new ArrayList<>();
        report.add("payments bench " + Instant.now() + " (" + Runtime.getRuntime().availableProcessors() + " cores), tenant "
                + tenant + ", " + THREADS + " client threads");
        // warm-up: the JVMs compile the paths, the first flood of new parties enters the screening queue
        run(token, "warm-up (not a result)", report);
        run(token, "history ≈ warm-up", report);
        int seeded = 0;
        for (int history : new int[] {HISTORY / 10, HISTORY}) {
            long t0 = System.nanoTime();
            seed(tenant, seeded, history);
            report.add("seeded %,d more transfers among %,d parties in %.0f s".formatted(history - seeded, PARTIES,
                    (System.nanoTime() - t0) / 1e9));
            seeded = history;
            run(token, "history %,d".formatted(history), report);
        }
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Files.writeString(Path.of("target/bench-payments.txt"), text);
    }

    private void run(String token, String label, List<String> report) throws Exception {
        // throughput: batches of 100
        List<Long> batchNanos = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(SECONDS).toNanos();
        AtomicInteger sent = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < THREADS; w++) {
                int seed = w;
                workers.add(pool.submit(() -> {
                    Random random = new Random(seed * 31L + label.hashCode());
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        int status = post(token, batch(random, 100));
                        synchronized (batchNanos) {
                            batchNanos.add(System.nanoTime() - t);
                        }
                        if (status == 200) {
                            sent.addAndGet(100);
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // latency: one transfer per request, sequential
        List<Long> single = new ArrayList<>();
        Random random = new Random(label.hashCode());
        long singleEnd = System.nanoTime() + Duration.ofSeconds(Math.max(5, SECONDS / 3)).toNanos();
        while (System.nanoTime() < singleEnd) {
            long t = System.nanoTime();
            if (post(token, batch(random, 1)) != 200) {
                failures.incrementAndGet();
            }
            single.add(System.nanoTime() - t);
        }
        report.add("%s: batches of 100, %d s: %,d transfers, %.0f transfers/s; batch latency ms p50 %.0f p99 %.0f; failed requests %d"
                .formatted(label, SECONDS, sent.get(), sent.get() / seconds, pct(batchNanos, 50), pct(batchNanos, 99),
                        failures.get()));
        report.add("%s: one transfer per request (%d requests): latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f"
                .formatted(label, single.size(), pct(single, 50), pct(single, 90), pct(single, 99), pct(single, 100)));
        assertEquals(0, failures.get(), "every request accepted: " + errors);
    }

    private List<Map<String, Object>> batch(Random random, int size) {
        List<Map<String, Object>> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int payer = random.nextInt(PARTIES);
            int payee = (payer + 1 + random.nextInt(PARTIES - 1)) % PARTIES;
            batch.add(Map.of("transferId", "bench-" + sequence.incrementAndGet() + "-" + random.nextInt(1_000_000_000),
                    "occurredAt", Instant.now().toString(),
                    "payer", Map.of("partyId", "p" + payer, "name", "Party " + payer, "kind", "CLIENT",
                            "account", Map.of("iban", iban(payer))),
                    "payee", Map.of("partyId", "p" + payee, "name", "Party " + payee, "kind", "INDIVIDUAL",
                            "account", Map.of("iban", iban(payee))),
                    "amount", "250.00", "currency", "EUR", "method", "BANK_TRANSFER"));
        }
        return batch;
    }

    /** Each party its own valid German IBAN (bank code 37040044, account = party number): check digits by ISO 7064. */
    static String iban(int party) {
        String bban = "37040044" + String.format("%010d", party);
        String rearranged = bban + "1314" + "00"; // D = 13, E = 14
        int check = 98 - new java.math.BigInteger(rearranged).mod(java.math.BigInteger.valueOf(97)).intValue();
        return "DE" + String.format("%02d", check) + bban;
    }

    private int post(String token, Object body) {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(
                            stack.config().service("payments-service").url() + "/api/v1/transfers"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                errors.add("HTTP " + response.statusCode());
            }
            return response.statusCode();
        } catch (Exception e) {
            errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            return -1;
        }
    }

    /**
     * History written straight into the service's table (the API would take too long to build it): parties
     * p0…p{PARTIES}, accounts shared by about 3 parties each, mostly domestic, over the last 365 days.
     */
    private void seed(String tenant, int from, int to) throws Exception {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + stack.config().postgresPort() + "/payments", "postgres", "unused");
             Statement s = c.createStatement()) {
            s.execute("""
                    insert into transfer (tenant_id, transfer_id, occurred_at, payer_party, payer_kind, payer_account_hash,
                        payer_country, payee_party, payee_kind, payee_account_hash, payee_country, amount, currency, method,
                        received_at)
                    select '%s', 'seed-' || g, now() - (random() * interval '365 days'),
                           'p' || a, 'CLIENT', 'v1:seed-account-' || (a %% %d), 'GB',
                           'p' || b, 'INDIVIDUAL', 'v1:seed-account-' || (b %% %d), case when g %% 50 = 0 then 'VN' else 'DE' end,
                           100 + (g %% 900), 'EUR', 'BANK_TRANSFER', now()
                    from (select g, floor(random() * %d)::int a, floor(random() * %d)::int b
                          from generate_series(%d, %d) g) x where a <> b
                    """.formatted(tenant, PARTIES / 3, PARTIES / 3, PARTIES, PARTIES, from + 1, to));
            s.execute("analyze transfer");
        }
    }

    private static double pct(List<Long> nanos, double percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
