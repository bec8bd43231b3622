package dev.firebreak.identity.screening;

import dev.firebreak.identity.watchlist.WatchlistEntry;
import dev.firebreak.names.KoreanRomanisation;
import dev.firebreak.names.NameMatcher;
import dev.firebreak.names.NameNormaliser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Screens a name (with date of birth, nationality and identifiers when known) against loaded list entries.
 * Entries are indexed by the phonetic key of every part of every listed name, so a query scores only the entries
 * that share a name part with it; each candidate's best name (primary or alias) is scored by {@link NameMatcher}.
 * A date of birth that contradicts every listed one rules the entry out (different people share names); a
 * passport number or wallet address that equals a listed one matches outright.
 */
public final class Screener {

    /** What is screened. {@code dateOfBirth} is yyyy, yyyy-MM or yyyy-MM-dd. */
    public record Query(String name, String dateOfBirth, String nationality, List<String> identifiers) {
    }

    /** One match, best first in results. */
    public record Match(double score, String source, String entryId, String listedName, String matchedAlias,
                        String explanation) {
    }

    private final List<WatchlistEntry> entries;
    private final Map<String, List<Integer>> byNameKey = new HashMap<>();
    private final Map<String, List<Integer>> byIdentifier = new HashMap<>();
    private final double threshold;
    private final NameMatcher matcher = new NameMatcher();

    public Screener(List<WatchlistEntry> entries, double threshold) {
        this.entries = List.copyOf(entries);
        this.threshold = threshold;
        for (int i = 0; i < this.entries.size(); i++) {
            WatchlistEntry entry = this.entries.get(i);
            Set<String> keys = new HashSet<>();
            for (String name : entry.names()) {
                for (String token : NameNormaliser.tokens(name)) {
                    keys.add(KoreanRomanisation.key(token));
                }
            }
            for (String key : keys) {
                byNameKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
            for (String identifier : entry.identifiers()) {
                byIdentifier.computeIfAbsent(normaliseIdentifier(identifier), k -> new ArrayList<>()).add(i);
            }
        }
    }

    public List<Match> screen(Query query) {
        Map<Integer, Match> matches = new HashMap<>();
        for (String identifier : query.identifiers() == null ? List.<String>of() : query.identifiers()) {
            for (int i : byIdentifier.getOrDefault(normaliseIdentifier(identifier), List.of())) {
                WatchlistEntry e = entries.get(i);
                matches.put(i, new Match(1.0, e.source(), e.entryId(), e.primaryName(), null,
                        "identifier " + identifier + " is listed for this entry"));
            }
        }
        Set<Integer> candidates = new HashSet<>();
        for (String token : NameNormaliser.tokens(query.name())) {
            candidates.addAll(byNameKey.getOrDefault(KoreanRomanisation.key(token), List.of()));
        }
        for (int i : candidates) {
            if (matches.containsKey(i)) {
                continue;
            }
            WatchlistEntry entry = entries.get(i);
            NameMatcher.Match best = null;
            String bestName = null;
            for (String name : entry.names()) {
                NameMatcher.Match m = matcher.compare(query.name(), name);
                if (best == null || m.score() > best.score()) {
                    best = m;
                    bestName = name;
                }
            }
            if (best == null || best.score() < threshold) {
                continue;
            }
            String birth = birthVerdict(query.dateOfBirth(), entry.datesOfBirth());
            if (birth.startsWith("contradicted")) {
                continue;
            }
            String explanation = best.explanation() + "; date of birth " + birth
                    + (query.nationality() != null && !entry.nationalities().isEmpty()
                    ? "; listed nationality " + String.join(", ", entry.nationalities()) : "");
            matches.put(i, new Match(best.score(), entry.source(), entry.entryId(), entry.primaryName(),
                    bestName.equals(entry.primaryName()) ? null : bestName, explanation));
        }
        List<Match> sorted = new ArrayList<>(matches.values());
        sorted.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(Match::entryId));
        return sorted;
    }

    /** "corroborated", "not given", "not listed", or "contradicted (...)" for a query year no listed date has. */
    static String birthVerdict(String queryDate, List<String> listed) {
        if (queryDate == null || queryDate.length() < 4) {
            return "not given";
        }
        if (listed.isEmpty()) {
            return "not listed";
        }
        String year = queryDate.substring(0, 4);
        boolean any = listed.stream().anyMatch(d -> d.contains(year));
        return any ? "corroborated (" + year + ")" : "contradicted (" + year + " vs " + String.join(", ", listed) + ")";
    }

    private static String normaliseIdentifier(String identifier) {
        String s = identifier.strip();
        // wallet addresses of EVM chains are case-insensitive; passports upper case without spaces
        return s.startsWith("0x") ? s.toLowerCase(Locale.ROOT) : s.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
