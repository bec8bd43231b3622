package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.Realm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analyst's queue on a tenant of 100,000 assessed workers (issue 26; profile {@code -Pbench} only). The tenant's
 * evidence is seeded straight into the aggregator's tables (one to four signals per worker, of mixed codes and
 * severities, some sanctions matches; cases for one worker in 25, reviews for one in 40) and every worker is queued
 * for assessment, so the stored states, tiers and list rows are the refresher's own; the time it takes is reported
 * as the refresh rate of a quiet stack. Then each kind of list request is timed one after another (after a warm-up):
 * the first page, each filter, a search, the counts, the 100th page by cursor and by page number; then all of them
 * mixed from several clients at once; then the console's pages as a logged-in person's browser session loads them.
 *
 * <p>{@code -Dbench.list.without-indexes=true} drops the two indexes issue 26 added to {@code assessment_state}
 * (score order, flag codes) before seeding: the refresh rate with and without them is their cost on every write, and
 * the list timings without them show what they buy. Writes target/bench-worker-list.txt.
 */
@ExtendWith(SharedStack.class)
class WorkerListBench {

    private static final int WORKERS = Integer.getInteger("bench.list.workers", 100_000);
    private static final int REQUESTS = Integer.getInteger("bench.list.requests", 200);
    private static final int WARMUP = Integer.getInteger("bench.list.warmup", 50);
    private static final int CLIENTS = Integer.getInteger("bench.list.clients", 4);
    private static final int MIXED_SECONDS = Integer.getInteger("bench.list.mixed-seconds", 30);
    private static final boolean WITHOUT_INDEXES = Boolean.getBoolean("bench.list.without-indexes");
    private static final String TENANT = "demo-hiring";

    private final LocalStack stack = SharedStack.stack();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theQueueOnATenantOfOneHundredThousandWorkers() throws Exception {
        List<String> report = new ArrayList<>();
        report.add("worker-list bench " + Instant.now() + " (" + Runtime.getRuntime().availableProcessors() + " cores), "
                + "tenant " + TENANT + ", " + (WITHOUT_INDEXES ? "WITHOUT" : "with") + " assessment_state_by_score and "
                + "assessment_state_codes");
        String token = stack.token(TENANT);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + stack.config().postgresPort()
                + "/risk_aggregator", "postgres", "unused")) {
            if (WITHOUT_INDEXES) {
                try (Statement s = db.createStatement()) {
                    s.execute("drop index if exists assessment_state_by_score");
                    s.execute("drop index if exists assessment_state_codes");
                }
            }
            seed(db, report);
        }
        JsonNode counts = get("/api/v1/workers/counts", token).body;
        report.add("tiers: " + counts);

        String highest = get("/api/v1/workers?limit=1", token).body.path(0).path("workerId").asText();
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("first page (50, highest score first)", "/api/v1/workers");
        shapes.put("tier HIGH_RISK", "/api/v1/workers?tier=HIGH_RISK");
        shapes.put("tier MONITOR", "/api/v1/workers?tier=MONITOR");
        shapes.put("flag code PM-07", "/api/v1/workers?code=PM-07");
        shapes.put("flag code ID-09 and tier CRITICAL", "/api/v1/workers?code=ID-09&tier=CRITICAL");
        shapes.put("case status IN_REVIEW", "/api/v1/workers?status=IN_REVIEW");
        shapes.put("assignee", "/api/v1/workers?assignee=" + Realm.username(TENANT, "analyst"));
        shapes.put("never reviewed", "/api/v1/workers?review=NONE");
        shapes.put("last review DISMISS", "/api/v1/workers?review=DISMISS");
        shapes.put("search q=lw-1234 (prefix)", "/api/v1/workers?q=lw-1234");
        shapes.put("changed in the last hour", "/api/v1/workers?changedSince="
                + URLEncoder.encode(Instant.now().minus(Duration.ofHours(1)).toString(), StandardCharsets.UTF_8));
        shapes.put("counts per tier", "/api/v1/workers/counts");
        shapes.put("page 100 by cursor", cursorOf(token, 99));
        shapes.put("page 100 by number (offset 4,950)", "/api/v1/workers?page=99");
        shapes.put("page 1000 by number (offset 49,950)", "/api/v1/workers?page=999");
        shapes.put("one worker's assessment", "/api/v1/workers/" + highest + "/assessment");

        report.add("");
        report.add("each request alone, one after another (%d warm-up, then %d timed); ms".formatted(WARMUP, REQUESTS));
        report.add("  %-38s %7s %7s %7s %7s %6s".formatted("request", "p50", "p95", "p99", "max", "rows"));
        for (Map.Entry<String, String> shape : shapes.entrySet()) {
            for (int i = 0; i < WARMUP; i++) {
                get(shape.getValue(), token);
            }
            long[] times = new long[REQUESTS];
            int rows = 0;
            for (int i = 0; i < REQUESTS; i++) {
                Reply reply = get(shape.getValue(), token);
                times[i] = reply.nanos;
                rows = reply.body.isArray() ? reply.body.size() : 1;
            }
            report.add("  %-38s %7.1f %7.1f %7.1f %7.1f %6d".formatted(shape.getKey(), pct(times, 50), pct(times, 95),
                    pct(times, 99), pct(times, 100), rows));
        }

        report.add("");
        report.add(mixed(List.copyOf(shapes.values()), token));
        report.add("");
        report.addAll(console(shapes, highest));

        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Files.writeString(Path.of("target/bench-worker-list.txt"), text);
    }

    /** Every kind of request, chosen in turn, from several clients at once (closed loop) for a while. */
    private String mixed(List<String> paths, String token) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(MIXED_SECONDS).toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int offset = c;
            running.add(clients.submit(() -> {
                for (int i = offset; System.nanoTime() < end; i++) {
                    try {
                        times.add(get(paths.get(i % paths.size()), token).nanos);
                    } catch (Exception | AssertionError e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        clients.shutdown();
        long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
        return "mixed, %d clients for %d s: %,d requests (%.0f/s), %d failed; p50 %.1f p95 %.1f p99 %.1f max %.1f ms"
                .formatted(CLIENTS, MIXED_SECONDS, sorted.length, sorted.length / (double) MIXED_SECONDS, failed.get(),
                        pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), pct(sorted, 100));
    }

    /** The console's pages as a person's browser session loads them (the HTML; its CSS and script are cached). */
    private List<String> console(Map<String, String> shapes, String worker) {
        List<String> report = new ArrayList<>();
        String console = stack.config().service("analyst-console").url();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("queue (counts, changes, first page)", "/");
        pages.put("queue, tier HIGH_RISK", "/?tier=HIGH_RISK");
        pages.put("queue, flag code PM-07", "/?code=PM-07");
        pages.put("queue, search lw-1234", "/?q=lw-1234");
        pages.put("queue, page 100 by cursor", "/" + shapes.get("page 100 by cursor").substring("/api/v1/workers".length()));
        pages.put("worker page (highest score)", "/workers/" + worker);
        boolean debian = Files.isExecutable(Path.of("/usr/bin/chromium"));
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(debian ? Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1") : Map.of()))) {
            BrowserType.LaunchOptions launch = new BrowserType.LaunchOptions().setHeadless(true);
            if (debian) {
                launch.setExecutablePath(Path.of("/usr/bin/chromium")).setArgs(List.of("--no-sandbox"));
            }
            try (Browser browser = playwright.chromium().launch(launch); BrowserContext context = browser.newContext()) {
                Page page = context.newPage();
                String username = Realm.username(TENANT, "analyst");
                page.navigate(console + "/");
                page.waitForURL("**/realms/" + Realm.NAME + "/**");
                page.locator("#username").fill(username);
                page.locator("#password").fill(stack.secrets().get(Realm.passwordSecret(username)));
                page.locator("#kc-login").click();
                page.waitForURL(console + "/**");
                report.add("console pages, the HTML through the person's session, one after another (%d warm-up, %d timed); ms"
                        .formatted(WARMUP / 2, REQUESTS / 2));
                report.add("  %-38s %7s %7s %7s %7s %8s".formatted("page", "p50", "p95", "p99", "max", "bytes"));
                for (Map.Entry<String, String> entry : pages.entrySet()) {
                    Supplier<APIResponse> load = () -> page.request().get(console + entry.getValue());
                    for (int i = 0; i < WARMUP / 2; i++) {
                        load.get();
                    }
                    long[] times = new long[REQUESTS / 2];
                    int bytes = 0;
                    for (int i = 0; i < times.length; i++) {
                        long t0 = System.nanoTime();
                        APIResponse response = load.get();
                        times[i] = System.nanoTime() - t0;
                        assertEquals(200, response.status(), entry.getValue());
                        bytes = response.body().length;
                    }
                    report.add("  %-38s %7.1f %7.1f %7.1f %7.1f %8d".formatted(entry.getKey(), pct(times, 50),
                            pct(times, 95), pct(times, 99), pct(times, 100), bytes));
                }
            }
        }
        return report;
    }

    /** The list's address after following {@code pages} next links from the first page. */
    private String cursorOf(String token, int pages) throws Exception {
        String path = "/api/v1/workers";
        for (int i = 0; i < pages; i++) {
            HttpResponse<String> response = http.send(request(path, token), HttpResponse.BodyHandlers.ofString());
            String link = response.headers().firstValue("Link").orElseThrow(() -> new AssertionError("no next page"));
            URI next = URI.create(link.substring(link.indexOf('<') + 1, link.indexOf('>')));
            path = next.getRawPath() + "?" + next.getRawQuery();
        }
        return path;
    }

    private record Reply(long nanos, JsonNode body) {
    }

    private Reply get(String path, String token) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request(path, token), HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - t0;
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return new Reply(nanos, Api.JSON.readTree(response.body()));
    }

    private HttpRequest request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(stack.config().service("risk-aggregator").url() + path))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    /**
     * One to four signals a worker: a common code of low, medium or high severity (by the worker's number), more for
     * one worker in 7, 31 and 97; a sanctions match (ID-09) for one in 500; observed within the last three days, so
     * none has expired. Cases for one worker in 25 (assigned among five people, in review or closed), reviews for one
     * in 40. Every worker is then queued for assessment and the refresher computes and stores them all.
     */
    private void seed(Connection db, List<String> report) throws Exception {
        long t0 = System.nanoTime();
        try (Statement s = db.createStatement()) {
            s.execute("""
                    insert into signal (signal_id, tenant_id, worker_id, code, severity, confidence, observed_at, source,
                                        detector, evidence, received_at)
                    select md5('list-s-' || w || '-' || k)::uuid, '%1$s', 'lw-' || w,
                           (array['PL-01','PL-03','PL-08','PL-13','PM-05','PM-07','ID-04','ID-05'])[1 + (w * 7 + k * 3) %% 8],
                           (array['LOW','LOW','LOW','LOW','LOW','MEDIUM','MEDIUM','MEDIUM','HIGH','HIGH'])[1 + (w + k) %% 10],
                           0.5 + ((w + k) %% 5) / 10.0,
                           now() - ((w + k) %% 72) * interval '1 hour', 'bench-list', 'bench',
                           '{"explanation":"seeded"}', now()
                    from generate_series(0, %2$d - 1) w cross join generate_series(1, 4) k
                    where k = 1 or (k = 2 and w %% 7 = 0) or (k = 3 and w %% 31 = 0) or (k = 4 and w %% 97 = 0)
                    """.formatted(TENANT, WORKERS));
            s.execute("""
                    insert into signal (signal_id, tenant_id, worker_id, code, severity, confidence, observed_at, source,
                                        detector, evidence, received_at)
                    select md5('list-x-' || w)::uuid, '%1$s', 'lw-' || w, 'ID-09', 'CRITICAL', 0.95, now() - interval '1 day',
                           'bench-list', 'bench', '{"explanation":"seeded"}', now()
                    from generate_series(0, %2$d - 1, 500) w""".formatted(TENANT, WORKERS));
            s.execute("""
                    insert into worker_case (tenant_id, worker_id, status, assignee, version, updated_at, updated_by)
                    select '%1$s', 'lw-' || w, case when w %% 2 = 0 then 'IN_REVIEW' else 'CLOSED' end,
                           case when w %% 5 = 0 then '%3$s' else 'person-' || (w %% 5) end, 1, now(), 'bench'
                    from generate_series(0, %2$d - 1, 25) w""".formatted(TENANT, WORKERS, Realm.username(TENANT, "analyst")));
            s.execute("""
                    insert into review (tenant_id, worker_id, code, action, note, analyst, reviewed_at)
                    select '%1$s', 'lw-' || w,
                           (array['PL-01','PL-03','PL-08','PL-13','PM-05','PM-07','ID-04','ID-05'])[1 + (w * 7 + 3) %% 8],
                           case when w %% 3 = 0 then 'DISMISS' else 'CONFIRM' end, 'seeded',
                           'bench', now() - interval '2 hours'
                    from generate_series(3, %2$d - 1, 40) w""".formatted(TENANT, WORKERS));
            s.execute("vacuum analyze signal");
            long seeded = System.nanoTime();
            s.execute("""
                    insert into assessment_dirty (tenant_id, worker_id, marked_at)
                    select '%1$s', 'lw-' || w, now() from generate_series(0, %2$d - 1) w
                    on conflict do nothing""".formatted(TENANT, WORKERS));
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (scalar(db, "select count(*) from assessment_dirty where tenant_id = '" + TENANT + "'") > 0) {
                assertTrue(System.nanoTime() < deadline, "the refresher never drained the queue");
                Thread.sleep(500);
            }
            double refresh = (System.nanoTime() - seeded) / 1e9;
            long states = scalar(db, "select count(*) from assessment_state where tenant_id = '" + TENANT
                    + "' and worker_id like 'lw-%'");
            report.add("seeded %,d signals, %,d cases, %,d reviews in %.0f s; the refresher assessed and stored %,d "
                    .formatted(scalar(db, "select count(*) from signal where source = 'bench-list'"),
                            scalar(db, "select count(*) from worker_case where updated_by = 'bench'"),
                            scalar(db, "select count(*) from review where analyst = 'bench'"), (seeded - t0) / 1e9, states)
                    + "workers in %.1f s: %,.0f workers/s".formatted(refresh, WORKERS / refresh));
            assertTrue(states >= WORKERS * 0.99, "stored states: " + states);
            s.execute("vacuum analyze assessment_state");
        }
    }

    private static long scalar(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static double pct(long[] values, double percentile) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
