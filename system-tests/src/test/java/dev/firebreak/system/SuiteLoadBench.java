package dev.firebreak.system;

import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Load driver for the running suite (profile {@code -Pbench} only): posts documents to identity-service from
 * several client threads on loopback, then measures how long each signal takes to reach the aggregator.
 * Bounded in count and time; prints its figures and writes them to target/bench-suite.txt.
 */
@ExtendWith(SharedStack.class)
class SuiteLoadBench {

    private static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    private static final int END_TO_END_SAMPLES = Integer.getInteger("bench.e2e", 50);

    private final LocalStack stack = SharedStack.stack();

    @Test
    void documentIngestAndEndToEndLatency() throws Exception {
        String token = stack.token("demo-hiring");
        warmUp(token);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    long t = System.nanoTime();
                    int status = post(token, "bench-" + UUID.randomUUID(), n % 10 == 0);
                    latencies.add(System.nanoTime() - t);
                    if (status != 201) {
                        failures.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, failures.get(), "every request accepted");

        List<Long> endToEnd = new ArrayList<>();
        for (int i = 0; i < END_TO_END_SAMPLES; i++) {
            String worker = "e2e-" + UUID.randomUUID();
            long t = System.nanoTime();
            assertEquals(201, post(token, worker, true));
            while (Http.send(HttpRequest.newBuilder(URI.create(stack.config().service("risk-aggregator").url()
                            + "/api/v1/workers/" + worker + "/assessment")).header("Authorization", "Bearer " + token)
                    .GET().build()).statusCode() != 200) {
                Thread.sleep(5);
            }
            endToEnd.add(System.nanoTime() - t);
        }
        String report = String.join("\n",
                "suite load bench " + Instant.now() + " (" + Runtime.getRuntime().availableProcessors() + " cores)",
                "POST /api/v1/documents: %d requests, %d client threads, %.1f s, %.0f req/s".formatted(
                        REQUESTS, THREADS, seconds, REQUESTS / seconds),
                "  latency ms p50 %.1f  p95 %.1f  p99 %.1f  max %.1f".formatted(pct(latencies, 50), pct(latencies, 95),
                        pct(latencies, 99), pct(latencies, 100)),
                "end to end (POST until the aggregator serves the worker), %d sequential samples:".formatted(END_TO_END_SAMPLES),
                "  ms p50 %.0f  p95 %.0f  max %.0f".formatted(pct(endToEnd, 50), pct(endToEnd, 95), pct(endToEnd, 100)),
                "stack RSS MiB: " + stack.residentMemoryMib(), "");
        System.out.println(report);
        try {
            Files.writeString(Path.of("target/bench-suite.txt"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void warmUp(String token) {
        for (int i = 0; i < 200; i++) {
            post(token, "warm-" + UUID.randomUUID(), i % 2 == 0);
        }
    }

    private int post(String token, String worker, boolean dprk) {
        try {
            String body = Api.JSON.writeValueAsString(Map.of("workerId", worker, "source", "bench", "documentType", "PASSPORT",
                    "mrz", dprk ? Documents.dprkPassport() : Documents.polishPassport()));
            return Http.send(HttpRequest.newBuilder(URI.create(stack.config().service("identity-service").url()
                            + "/api/v1/documents")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double pct(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
