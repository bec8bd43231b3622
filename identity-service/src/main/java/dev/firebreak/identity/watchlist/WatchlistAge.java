package dev.firebreak.identity.watchlist;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code firebreak_watchlist_age_seconds{source}}: how long ago each loaded sanctions list was last imported (an import
 * that changed nothing counts: the list was checked). A list that nobody refreshes grows old here, and the alert rule
 * {@code FirebreakWatchlistStale} fires; a source never loaded has no series (the rule on the list's absence covers
 * it). The import times are read from {@code watchlist_version} every 30 s, so every replica reports imports made
 * by any of them; the age itself is computed at each scrape.
 */
@ApplicationScoped
public class WatchlistAge {

    public static final String METER = "firebreak.watchlist.age.seconds";
    private static final Logger LOG = Logger.getLogger(WatchlistAge.class);

    private final WatchlistService lists;
    private final MeterRegistry metrics;
    private final Map<String, Instant> importedAt = new ConcurrentHashMap<>();

    public WatchlistAge(WatchlistService lists, MeterRegistry metrics) {
        this.lists = lists;
        this.metrics = metrics;
    }

    @Scheduled(every = "${firebreak.watchlists.age-interval:30s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void refresh() {
        try {
            for (WatchlistService.Loaded loaded : lists.loaded()) {
                if (importedAt.put(loaded.source(), loaded.importedAt()) == null) {
                    String source = loaded.source();
                    Gauge.builder(METER, importedAt, m -> ageSeconds(m.get(source)))
                            .description("seconds since the list was last imported").tag("source", source)
                            .register(metrics);
                }
            }
        } catch (RuntimeException e) {
            // the gauges keep their last import times and go on ageing: a database outage does not make lists look fresh
            LOG.warnf("watchlist ages not read (%s); the gauges keep ageing", e.getClass().getSimpleName());
        }
    }

    private static double ageSeconds(Instant importedAt) {
        return importedAt == null ? Double.NaN : Math.max(0, Duration.between(importedAt, Instant.now()).toSeconds());
    }
}
