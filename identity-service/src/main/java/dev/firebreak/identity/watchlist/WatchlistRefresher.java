package dev.firebreak.identity.watchlist;

import dev.firebreak.identity.config.IdentitySettings;
import dev.firebreak.kit.api.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sanctions lists that refresh themselves: each source given an address ({@code firebreak.watchlists.refresh.urls}) is
 * fetched on its schedule (default daily), checked — the file parses, holds entries, and did not shrink by more than
 * {@code max-shrink} against the current list — and only then replaces the list, through the same import (and
 * re-screening) as an upload. A fetch that fails, or a file refused by the checks, keeps the current list, counts in
 * {@code firebreak_watchlist_refreshes_total{source,outcome}} and sets {@code firebreak_watchlist_refresh_failing{source}}
 * (the alert rule's), and is tried again after {@code retry-after}; the list's age
 * ({@code firebreak_watchlist_age_seconds}) goes on growing.
 *
 * <p>One replica fetches a source at a time: a claim in {@code watchlist_refresh} with a lease, which expires if the
 * replica dies mid-fetch. The file is downloaded to a temporary file first (bounded by {@code max-bytes} and
 * {@code timeout}), with the previous answer's {@code ETag} and {@code Last-Modified}, so an unchanged list is not
 * downloaded again. Written here over the JDK's HTTP client: a list download is one GET.
 */
@ApplicationScoped
@Startup
public class WatchlistRefresher {

    /** How a refresh ended. */
    public enum Outcome { IMPORTED, UNCHANGED, REFUSED, FAILED }

    /** One refresh's result (the operator endpoint answers it). */
    public record Result(String source, Outcome outcome, String detail, Long version) {
    }

    /** A configured source, as {@code GET /api/v1/watchlists/refreshes} shows it. */
    public record State(String source, String url, Duration interval, Instant attemptedAt, Instant succeededAt,
                        String outcome, String detail) {
    }

    private static final Logger LOG = Logger.getLogger(WatchlistRefresher.class);

    private final WatchlistService lists;
    private final EntityManager em;
    private final MeterRegistry metrics;
    private final IdentitySettings.Refresh settings;
    private final Map<String, URI> urls = new LinkedHashMap<>();
    private final Map<String, Duration> intervals = new LinkedHashMap<>();
    private final Map<String, Integer> failing = new ConcurrentHashMap<>();
    private final HttpClient http;

    public WatchlistRefresher(WatchlistService lists, EntityManager em, MeterRegistry metrics,
                              IdentitySettings.Refresh settings) {
        this.lists = lists;
        this.em = em;
        this.metrics = metrics;
        this.settings = settings;
        for (String pair : settings.urls().orElse(List.of())) {
            String[] kv = pair(pair, "firebreak.watchlists.refresh.urls");
            URI url = URI.create(kv[1]);
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
                throw new IllegalArgumentException("firebreak.watchlists.refresh.urls: " + kv[0] + " needs an http(s) address");
            }
            urls.put(kv[0], url);
            intervals.put(kv[0], settings.interval());
        }
        for (String pair : settings.intervals().orElse(List.of())) {
            String[] kv = pair(pair, "firebreak.watchlists.refresh.intervals");
            intervals.put(kv[0], io.smallrye.config.Converters.getImplicitConverter(Duration.class).convert(kv[1]));
        }
        if (!(settings.maxShrink() >= 0 && settings.maxShrink() < 1)) {
            throw new IllegalArgumentException("firebreak.watchlists.refresh.max-shrink must be at least 0 and below 1");
        }
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        for (String source : urls.keySet()) {
            failing.put(source, 0);
            Gauge.builder("firebreak.watchlist.refresh.failing", failing, f -> f.getOrDefault(source, 0))
                    .description("1 while the source's last refresh failed or was refused").tag("source", source)
                    .register(metrics);
        }
    }

    private static String[] pair(String pair, String property) {
        int eq = pair.indexOf('=');
        String source = eq < 0 ? "" : pair.substring(0, eq).strip();
        if (eq < 0 || !WatchlistService.SOURCES.contains(source) || pair.substring(eq + 1).isBlank()) {
            throw new IllegalArgumentException(property + ": '" + pair + "' is not source=value with a source of "
                    + WatchlistService.SOURCES);
        }
        return new String[] {source, pair.substring(eq + 1).strip()};
    }

    /** Fetches every configured source that is due (its interval since the last success, or the retry time since a failure). */
    @Scheduled(every = "${firebreak.watchlists.refresh.check-interval:1m}",
            delayed = "${firebreak.watchlists.refresh.check-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshDue() {
        for (String source : urls.keySet()) {
            if (claim(source, false)) {
                refresh(source);
            }
        }
        readStates();
    }

    /** Fetches a configured source now (the operator's endpoint); 404 for a source without an address, 409 while one runs. */
    public Result refreshNow(String source) {
        if (!urls.containsKey(source)) {
            throw ProblemException.notFound("a refresh address for " + source
                    + " (set firebreak.watchlists.refresh.urls; the list can still be uploaded by hand)");
        }
        if (!claim(source, true)) {
            throw new ProblemException(409, "Conflict", "a refresh of " + source + " is running");
        }
        return refresh(source);
    }

    /** The configured sources and where their refreshes stand. */
    public List<State> states() {
        Map<String, Object[]> rows = rows();
        return urls.keySet().stream().map(source -> {
            Object[] r = rows.get(source);
            return new State(source, safe(urls.get(source)), intervals.get(source), r == null ? null : (Instant) r[1],
                    r == null ? null : (Instant) r[2], r == null ? null : (String) r[3], r == null ? null : (String) r[4]);
        }).toList();
    }

    /** The address as shown: without userinfo or query (where a publisher's token would be). */
    private static String safe(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
    }

    private Map<String, Object[]> rows() {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> found = em.createNativeQuery("""
                    select source, attempted_at, succeeded_at, outcome, detail from watchlist_refresh""").getResultList();
            for (Object[] r : found) {
                rows.put((String) r[0], new Object[] {r[0], instant(r[1]), instant(r[2]), r[3], r[4]});
            }
        });
        return rows;
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case java.time.OffsetDateTime o -> o.toInstant();
            case java.sql.Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("not a time: " + value.getClass());
        };
    }

    /** Every replica's gauges follow the sources' last outcomes, whichever replica fetched them. */
    private void readStates() {
        try {
            rows().forEach((source, r) -> {
                if (failing.containsKey(source) && r[3] != null) {
                    failing.put(source, isFailure((String) r[3]) ? 1 : 0);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("watchlist refresh states not read (%s)", e.getClass().getSimpleName());
        }
    }

    private static boolean isFailure(String outcome) {
        return Outcome.REFUSED.name().equals(outcome) || Outcome.FAILED.name().equals(outcome);
    }

    /**
     * Claims the source for one fetch: a lease as long as the fetch may take. Due unless {@code now}: the interval
     * since the last attempt that succeeded, the retry time since one that did not.
     */
    private boolean claim(String source, boolean now) {
        long lease = settings.timeout().plusMinutes(1).toSeconds();
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery("""
                        insert into watchlist_refresh (source, attempted_at, running_until)
                        values (?1, now(), now() + make_interval(secs => ?2))
                        on conflict (source) do update set attempted_at = now(),
                            running_until = now() + make_interval(secs => ?2)
                        where (watchlist_refresh.running_until is null or watchlist_refresh.running_until < now())
                          and (?3 or watchlist_refresh.attempted_at < now() - make_interval(secs => case
                              when watchlist_refresh.outcome in ('IMPORTED', 'UNCHANGED') then ?4 else ?5 end))
                        returning source""")
                .setParameter(1, source).setParameter(2, (double) lease).setParameter(3, now)
                .setParameter(4, (double) intervals.get(source).toSeconds())
                .setParameter(5, (double) settings.retryAfter().toSeconds())
                .getResultList().isEmpty());
    }

    private Result refresh(String source) {
        Result result;
        Path file = null;
        String etag = null;
        String lastModified = null;
        try {
            file = Files.createTempFile("watchlist-" + source, ".download");
            Object[] previous = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "select etag, last_modified from watchlist_refresh where source = ?1").setParameter(1, source)
                    .getSingleResult());
            HttpRequest.Builder request = HttpRequest.newBuilder(urls.get(source)).timeout(settings.timeout()).GET();
            if (previous[0] != null) {
                request.header("If-None-Match", (String) previous[0]);
            }
            if (previous[1] != null) {
                request.header("If-Modified-Since", (String) previous[1]);
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 304) {
                response.body().close();
                result = new Result(source, Outcome.UNCHANGED, "not modified since the last fetch", null);
                etag = (String) previous[0];
                lastModified = (String) previous[1];
            } else if (response.statusCode() != 200) {
                response.body().close();
                result = new Result(source, Outcome.FAILED, "the server answered " + response.statusCode(), null);
            } else {
                try (InputStream body = response.body()) {
                    long copied = Files.copy(new Bounded(body, settings.maxBytes()), file, StandardCopyOption.REPLACE_EXISTING);
                    LOG.debugf("watchlist %s: %d bytes fetched", source, copied);
                }
                etag = response.headers().firstValue("ETag").orElse(null);
                lastModified = response.headers().firstValue("Last-Modified").orElse(null);
                result = importFile(source, file);
            }
        } catch (IOException | RuntimeException e) {
            result = new Result(source, Outcome.FAILED, "fetch failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new Result(source, Outcome.FAILED, "interrupted", null);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file the system cleans up
                }
            }
        }
        record(result, etag, lastModified);
        return result;
    }

    private Result importFile(String source, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            WatchlistService.ImportResult imported = lists.importList(source, in, settings.maxShrink());
            boolean changed = imported.added() + imported.removed() + imported.changed() > 0;
            return new Result(source, changed ? Outcome.IMPORTED : Outcome.UNCHANGED, imported.entries() + " entries, "
                    + imported.added() + " added, " + imported.removed() + " removed, " + imported.changed() + " changed",
                    imported.version());
        } catch (ProblemException e) {
            // the file does not parse, holds nothing, or shrank too much: the current list stays
            return new Result(source, Outcome.REFUSED, e.getMessage(), null);
        }
    }

    private void record(Result result, String etag, String lastModified) {
        boolean ok = !isFailure(result.outcome().name());
        String detail = result.detail() == null ? null : result.detail().substring(0, Math.min(500, result.detail().length()));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        update watchlist_refresh set running_until = null, outcome = ?2, detail = ?3,
                            succeeded_at = case when ?4 then now() else succeeded_at end,
                            etag = case when ?4 then ?5 else etag end,
                            last_modified = case when ?4 then ?6 else last_modified end
                        where source = ?1""")
                .setParameter(1, result.source()).setParameter(2, result.outcome().name()).setParameter(3, detail)
                .setParameter(4, ok).setParameter(5, etag).setParameter(6, lastModified).executeUpdate());
        failing.put(result.source(), ok ? 0 : 1);
        metrics.counter("firebreak.watchlist.refreshes", "source", result.source(), "outcome",
                result.outcome().name().toLowerCase(java.util.Locale.ROOT)).increment();
        if (ok) {
            LOG.infof("watchlist %s refreshed: %s (%s)", result.source(), result.outcome(), detail);
        } else {
            LOG.warnf("watchlist %s not refreshed, the current list stays: %s (%s)", result.source(), result.outcome(), detail);
        }
    }

    /** A download bounded in size: past the limit it fails rather than filling the disk. */
    private static final class Bounded extends java.io.FilterInputStream {
        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > limit) {
                throw new IOException("the file is larger than " + limit + " bytes");
            }
        }
    }
}
