package dev.firebreak.identity.screening;

import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.watchlist.WatchlistService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    public ScreeningService(WatchlistService watchlists,
                            @ConfigProperty(name = "firebreak.screening.match-threshold", defaultValue = "0.85") double threshold) {
        this.watchlists = watchlists;
        this.threshold = threshold;
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

    private synchronized Screener current() {
        long latest = watchlists.latestVersion();
        if (screener == null || latest != version) {
            screener = new Screener(watchlists.allEntries(), threshold);
            version = latest;
        }
        return screener;
    }
}
