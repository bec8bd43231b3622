package dev.firebreak.identity.screening;

import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.watchlist.WatchlistService;
import dev.firebreak.identity.watchlist.ListChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Screening against the loaded lists. The index lives in memory as a cache of the database: each screening
 * checks the latest import version (one indexed query) and rebuilds the index when another import — on this
 * replica or another — has happened since.
 */
@ApplicationScoped
public class ScreeningService {

    public static final String CODE = "ID-09";
    public static final String DETECTOR = "sanctions-screening";

    private final WatchlistService watchlists;
    private final double threshold;
    private volatile Screener screener;
    private volatile long version = -1;
    private volatile long checkedAt;
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private volatile long changesSeen = -1;
    private final long versionCheckNanos;

    public ScreeningService(WatchlistService watchlists,
                            @ConfigProperty(name = "firebreak.screening.match-threshold", defaultValue = "0.85") double threshold,
                            @ConfigProperty(name = "firebreak.screening.version-check", defaultValue = "PT1S") Duration versionCheck) {
        this.watchlists = watchlists;
        this.threshold = threshold;
        this.versionCheckNanos = versionCheck.toNanos();
    }

    public List<Screener.Match> screen(Screener.Query query) {
        return current().screen(query);
    }

    /** ID-09 for a worker's name (and date of birth, identifiers), one finding naming every match. */
    public List<Finding> inspect(String name, String dateOfBirth, List<String> identifiers, String origin) {
        List<Screener.Match> matches = screen(new Screener.Query(name, dateOfBirth, null, identifiers));
        if (matches.isEmpty()) {
            return List.of();
        }
        Screener.Match best = matches.getFirst();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "SANCTIONS_MATCH");
        evidence.put("matches", matches.stream().limit(5).map(m -> Map.of("score", m.score(), "source", m.source(),
                "entryId", m.entryId(), "listedName", m.listedName(), "explanation", m.explanation())).toList());
        evidence.put("explanation", "matches " + best.source() + " entry " + best.entryId() + " (" + best.listedName()
                + ") with score " + best.score());
        evidence.put("watchlistVersion", version);
        // the record screened and the entries it matched identify the detection: the same match found again by a
        // later import or a re-screen is the same signal; a match with a newly listed entry is a new one
        List<String> triggering = new java.util.ArrayList<>();
        triggering.add(origin);
        matches.stream().limit(5).forEach(m -> triggering.add("watchlist:" + m.source() + ":" + m.entryId()));
        return List.of(new Finding(CODE, DETECTOR, best.score(), evidence, triggering, List.of()));
    }

    public static String documentOrigin(String documentHash) {
        return "document:" + documentHash;
    }

    public static String profileOrigin(String source, java.time.Instant observedAt) {
        return "profile:" + source + "@" + observedAt;
    }

    /** A worker's date of birth from their documents, when one is known, to separate namesakes. */
    public static String knownBirthDate(String tenantId, String workerId) {
        return dev.firebreak.identity.document.Document.forWorker(tenantId, workerId).stream()
                .map(d -> d.birthDate).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** An import on this replica: the index is rebuilt at the next screening. */
    void onListChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ListChanged change) {
        changes.incrementAndGet();
    }

    /**
     * The index, rebuilt when the lists changed. Whether they did is asked of the database at most once per
     * {@code firebreak.screening.version-check} (an import on another replica shows within that time; one on this
     * replica at once), so that a screening costs no database round trip and no lock in the common case.
     */
    private Screener current() {
        Screener current = screener;
        if (current != null && changesSeen == changes.get() && System.nanoTime() - checkedAt < versionCheckNanos) {
            return current;
        }
        synchronized (this) {
            long seen = changes.get();
            if (screener == null || changesSeen != seen || System.nanoTime() - checkedAt >= versionCheckNanos) {
                long latest = watchlists.latestVersion();
                if (screener == null || latest != version) {
                    screener = new Screener(watchlists.allEntries(), threshold);
                    version = latest;
                }
                // only now, with the index current, may other threads take the fast path again
                checkedAt = System.nanoTime();
                changesSeen = seen;
            }
            return screener;
        }
    }
}
