package dev.firebreak.system;

import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sanctions lists and screening on the running suite (profile {@code -Pbench} only). Imports every list format
 * through {@code PUT /api/v1/watchlists/{source}} and times each (the real UN and OFAC files; synthetic files of
 * the others), then leaves only the real UN and OFAC lists loaded and drives {@code POST /api/v1/screenings} with
 * an open-loop load at a fixed rate: each request is sent at its scheduled time whatever the previous ones do, and
 * its latency counts from that time (no coordinated omission). Writes target/bench-screening.txt.
 */
@ExtendWith(SharedStack.class)
class ScreeningLoadBench {

    private static final String RATES = System.getProperty("bench.screening.rates", "250,500");
    private static final int SECONDS = Integer.getInteger("bench.screening.seconds", 30);
    private static final int SYNTHETIC_PEOPLE = Integer.getInteger("bench.lists.people", 20_000);
    private static final int LARGE_PEOPLE = Integer.getInteger("bench.lists.large-people", 60_000);

    private static final List<String> QUERIES = List.of(
            "{\"name\":\"Kim Yong-chol\",\"dateOfBirth\":\"1962\"}",
            "{\"name\":\"Yun Ho-chin\"}",
            "{\"name\":\"Ri Su Yong\"}",
            "{\"name\":\"Korea Mining Development Trading Corp\"}",
            "{\"name\":\"John Smith\",\"dateOfBirth\":\"1980-04-02\"}",
            "{\"name\":\"Maria Garcia Lopez\"}",
            "{\"name\":\"Mohammed Ali\",\"dateOfBirth\":\"1975\"}",
            "{\"name\":\"Eleanor Rose Hartley\",\"dateOfBirth\":\"1990-07-22\"}",
            "{\"name\":\"Pak Chol Min\",\"identifiers\":[\"927220230\"]}",
            "{\"name\":\"Anna Kowalska\",\"dateOfBirth\":\"1988-01-15\"}");

    private final LocalStack stack = SharedStack.stack();
    private final String identity = stack.config().service("identity-service").url();
    private final String identityManagement = stack.config().service("identity-service").managementUrl();

    @Test
    void importTimesAndScreeningUnderLoad() throws Exception {
        String operator = stack.token("operator");
        List<String> report = new ArrayList<>();
        report.add("screening bench " + Instant.now() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
        report.add("list imports (PUT, client-side wall time; first import, then the same file again):");
        Map<String, IntFunction<byte[]>> synthetic = new LinkedHashMap<>();
        synthetic.put("uk-ofsi-csv", ListFiles::ofsiCsv);
        synthetic.put("uk-ofsi-xml", ListFiles::ofsiXml);
        synthetic.put("uk-fcdo-csv", ListFiles::fcdoCsv);
        synthetic.put("us-sdn-xml", ListFiles::sdnAdvancedXml);
        synthetic.put("ftm-json", ListFiles::ftmJson);
        for (var e : synthetic.entrySet()) {
            byte[] file = e.getValue().apply(SYNTHETIC_PEOPLE);
            report.add(timedImport(operator, e.getKey() + " (synthetic)", e.getKey(), file));
            report.add(timedImport(operator, e.getKey() + " (synthetic, unchanged)", e.getKey(), file));
            // leave one entry so that only the real lists shape the screening load below
            importList(operator, e.getKey(), e.getValue().apply(1));
        }
        if (LARGE_PEOPLE > 0) {
            // a file of the size the largest official lists reach (OFAC's advanced XML is over 100 MB)
            report.add(timedImport(operator, "us-sdn-xml (synthetic, large)", "us-sdn-xml",
                    ListFiles.sdnAdvancedXml(LARGE_PEOPLE, 1100)));
            importList(operator, "us-sdn-xml", ListFiles.sdnAdvancedXml(1));
        }
        report.add(timedImport(operator, "un-xml (real, 2026-02-27)", "un-xml", ListFiles.unXml()));
        report.add(timedImport(operator, "un-xml (real, unchanged)", "un-xml", ListFiles.unXml()));
        report.add(timedImport(operator, "us-sdn-csv (real zip)", "us-sdn-csv", ListFiles.sdnZip()));
        report.add(timedImport(operator, "us-sdn-csv (real, unchanged)", "us-sdn-csv", ListFiles.sdnZip()));

        String token = stack.token("screening");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3000; i++) {
            assertEquals(200, client.send(request(token, QUERIES.get(i % QUERIES.size())),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        int failed = 0;
        for (String rate : RATES.split(",")) {
            int r = Integer.parseInt(rate.strip());
            failed += openLoop(client, r, "POST /api/v1/screenings", i -> request(token, QUERIES.get(i % QUERIES.size())), report);
            // the same machine's floor: a request that does almost nothing, through the same client and server stack (the
            // management interface's own HTTP server since issue 27: the same Vert.x, another port)
            failed += openLoop(client, r, "GET /q/health/live (baseline)",
                    i -> HttpRequest.newBuilder(URI.create(identityManagement + "/q/health/live")).GET().build(), report);
        }
        report.add("stack RSS MiB: " + stack.residentMemoryMib());
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Files.writeString(Path.of("target/bench-screening.txt"), text);
        assertEquals(0, failed, "every screening answered 200");
    }

    /** Sends at a fixed rate for the configured time; returns how many requests failed. */
    private int openLoop(HttpClient client, int rate, String label, IntFunction<HttpRequest> requests, List<String> report)
            throws InterruptedException {
        int total = rate * SECONDS;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime() + 10_000_000;
        long period = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * period;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            inFlight.add(client.sendAsync(requests.apply(i),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                latencies[n] = System.nanoTime() - scheduled;
                if (error != null || response.statusCode() != 200) {
                    failures.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(t -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        report.add("%s, open loop at %d req/s for %d s (%d requests, %.0f req/s achieved), %d failed:"
                .formatted(label, rate, SECONDS, total, total / elapsed, failures.get()));
        report.add("  latency ms p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f".formatted(pct(sorted, 50),
                pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), pct(sorted, 100)));
        return failures.get();
    }

    private String timedImport(String operator, String label, String source, byte[] file) {
        long t = System.nanoTime();
        String body = importList(operator, source, file);
        long ms = (System.nanoTime() - t) / 1_000_000;
        try {
            var result = Api.JSON.readTree(body);
            return "  %-40s %6.1f MB %6d entries (+%d -%d ~%d) in %5d ms".formatted(label, file.length / 1e6,
                    result.path("entries").asInt(), result.path("added").asInt(), result.path("removed").asInt(),
                    result.path("changed").asInt(), ms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String importList(String operator, String source, byte[] file) {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(identity + "/api/v1/watchlists/" + source))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofMinutes(5)).PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build());
        assertEquals(200, response.statusCode(), source + ": " + response.body());
        return response.body();
    }

    private HttpRequest request(String token, String body) {
        return HttpRequest.newBuilder(URI.create(identity + "/api/v1/screenings")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static double pct(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
