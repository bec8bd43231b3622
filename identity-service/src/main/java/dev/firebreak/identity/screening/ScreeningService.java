package dev.firebreak.identity.screening;

import dev.firebreak.identity.config.IdentitySettings;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.watchlist.ListChanged;
import dev.firebreak.identity.watchlist.WatchlistService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Screening against the loaded lists. The index lives in memory as a cache of the database, rebuilt off the
 * request path: at once after an import on this replica, and within a second of one on another replica (a
 * scheduled check of the latest import version).
 */
@ApplicationScoped
public class ScreeningService {

    public static final String CODE = "ID-09";
    public static final String DETECTOR = "sanctions-screening";

    private final WatchlistService watchlists;
    private final double threshold;
    private volatile Screener screener;
    private volatile long version = -1;

    public ScreeningService(WatchlistService watchlists, IdentitySettings.Screening settings) {
        this.watchlists = watchlists;
        this.threshold = settings.matchThreshold();
    }

    public List<Screener.Match> screen(Screener.Query query) {
        return current().screen(query);
    }

    /**
     * ID-09 for a person's name (and date of birth, identifiers), one finding naming every match. Its confidence is
     * the best match's: what the match proves ({@link Screener}), so that a common name alone stays below the
     * CRITICAL bar. The record screened, the basis of the best match and the entries matched identify the detection:
     * the same match found again by a later import or a re-screen is the same signal; a match with a newly listed
     * entry, or one a date of birth now corroborates, is a new one.
     */
    public List<Finding> inspect(String name, String dateOfBirth, List<String> identifiers, String origin) {
        return finding(screenPerson(name, dateOfBirth, identifiers), origin);
    }

    /** A person's name (date of birth, identifiers) screened: its matches, most confident first. */
    public List<Screener.Match> screenPerson(String name, String dateOfBirth, List<String> identifiers) {
        return screen(new Screener.Query(name, dateOfBirth, null, identifiers, Screener.SubjectType.PERSON));
    }

    /** ID-09 for the matches of one screened record ({@link #inspect}); none without a match. */
    public List<Finding> finding(List<Screener.Match> matches, String origin) {
        if (matches.isEmpty()) {
            return List.of();
        }
        Screener.Match best = matches.getFirst();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "SANCTIONS_MATCH");
        evidence.put("origin", origin);
        evidence.put("basis", best.basis());
        evidence.put("matches", matches.stream().limit(5).map(m -> Map.of("score", m.score(),
                "confidence", m.confidence(), "basis", m.basis(), "source", m.source(), "entryId", m.entryId(),
                "listedName", m.listedName(), "explanation", m.explanation())).toList());
        evidence.put("explanation", "matches " + best.source() + " entry " + best.entryId() + " (" + best.listedName()
                + ") with score " + best.score() + " on " + best.basis() + ", confidence " + best.confidence());
        evidence.put("watchlistVersion", version);
        List<String> triggering = new ArrayList<>();
        triggering.add(origin);
        triggering.add("basis:" + best.basis());
        matches.stream().limit(5).forEach(m -> triggering.add("watchlist:" + m.source() + ":" + m.entryId()));
        return List.of(new Finding(CODE, DETECTOR, best.confidence(), evidence, triggering, List.of()));
    }

    public static String documentOrigin(String documentHash) {
        return "document:" + documentHash;
    }

    public static String profileOrigin(String source, Instant observedAt) {
        return "profile:" + source + "@" + observedAt;
    }

    /**
     * An import on this replica: the index is rebuilt before the import answers, so that a screening right after
     * it sees the new list.
     */
    void onListChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ListChanged change) {
        QuarkusTransaction.requiringNew().run(this::refresh);
    }

    /** Makes sure the index holds at least the given list version (a re-screening job of that import). */
    public void ensureAtLeast(long listVersion) {
        if (screener == null || version < listVersion) {
            refresh();
        }
    }

    /** An import on another replica shows here within {@code firebreak.screening.version-check}. */
    @Scheduled(every = "${firebreak.screening.version-check:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void checkVersion() {
        if (screener != null) {
            refresh();
        }
    }

    /** Rebuilds the index if the lists changed; screenings meanwhile use the previous one. */
    synchronized void refresh() {
        long latest = watchlists.latestVersion();
        if (screener == null || latest != version) {
            screener = new Screener(watchlists.allEntries(), threshold);
            version = latest;
        }
    }

    /**
     * The index, a cache of the database: screenings never wait for a database round trip or a lock, except the
     * very first, which builds it.
     */
    private Screener current() {
        Screener current = screener;
        if (current == null) {
            refresh();
            current = screener;
        }
        return current;
    }
}
