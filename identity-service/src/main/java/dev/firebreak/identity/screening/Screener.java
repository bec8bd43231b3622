package dev.firebreak.identity.screening;

import dev.firebreak.identity.watchlist.WatchlistEntry;
import dev.firebreak.names.NameMatcher;
import dev.firebreak.names.PreparedName;

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
 * Entries are indexed by the phonetic key of every part of every listed name, and every listed name is tokenised
 * once, so a query scores only the entries that share two name parts with it (one for a one-part query); each candidate's best name (primary or alias) is scored by {@link NameMatcher}.
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
    private final List<List<PreparedName>> names = new ArrayList<>();
    private final Map<String, List<Integer>> byNameKey = new HashMap<>();
    private final Map<String, Integer> keyIds = new HashMap<>();
    private final List<int[]> nameKeys = new ArrayList<>();
    private final Map<String, List<Integer>> byIdentifier = new HashMap<>();
    private final double threshold;
    private final NameMatcher matcher = new NameMatcher();

    public Screener(List<WatchlistEntry> entries, double threshold) {
        this.entries = List.copyOf(entries);
        this.threshold = threshold;
        for (int i = 0; i < this.entries.size(); i++) {
            WatchlistEntry entry = this.entries.get(i);
            List<PreparedName> prepared = entry.names().stream().map(PreparedName::of).toList();
            names.add(prepared);
            Set<String> keys = new HashSet<>();
            prepared.forEach(name -> keys.addAll(name.tokenKeys()));
            // each entry's keys as sorted ids: candidate checks are binary searches in a few ints, no hashing
            nameKeys.add(keys.stream().mapToInt(k -> keyIds.computeIfAbsent(k, x -> keyIds.size())).sorted().toArray());
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
        PreparedName queried = PreparedName.of(query.name());
        NameMatcher.Batch batch = matcher.batch(queried);
        for (int i : candidates(queried)) {
            if (matches.containsKey(i)) {
                continue;
            }
            WatchlistEntry entry = entries.get(i);
            NameMatcher.Match best = null;
            String bestName = null;
            for (PreparedName name : names.get(i)) {
                NameMatcher.Match m = batch.compare(name);
                if (best == null || m.score() > best.score()) {
                    best = m;
                    bestName = name.written();
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

    /**
     * Entries sharing at least two name parts' keys with a query of two or more parts (a name sharing only one
     * part of several cannot reach the threshold), or one with a single-part query.
     */
    private Set<Integer> candidates(PreparedName queried) {
        List<String> keys = new ArrayList<>(new HashSet<>(queried.tokenKeys()));
        int needed = Math.min(2, keys.size());
        if (needed == 0) {
            return Set.of();
        }
        // An entry sharing two of k keys holds one of the k-1 rarest: walk only their postings (never the longest,
        // often "co", "ltd", "mohammed"), then count each candidate's shared keys against its key set.
        keys.sort(Comparator.comparingInt(k -> byNameKey.getOrDefault(k, List.of()).size()));
        int[] queryKeyIds = keys.stream().filter(keyIds::containsKey).mapToInt(keyIds::get).toArray();
        Set<Integer> out = new HashSet<>();
        java.util.BitSet seen = new java.util.BitSet(entries.size());
        int walk = needed == 1 ? keys.size() : keys.size() - 1;
        for (int k = 0; k < walk; k++) {
            for (int i : byNameKey.getOrDefault(keys.get(k), List.of())) {
                if (seen.get(i)) {
                    continue;
                }
                seen.set(i);
                int[] entryKeys = nameKeys.get(i);
                int count = 0;
                for (int key : queryKeyIds) {
                    if (java.util.Arrays.binarySearch(entryKeys, key) >= 0 && ++count >= needed) {
                        out.add(i);
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * "corroborated", "consistent" (within a year of a year-only listing), "not given", "not listed", or
     * "contradicted (...)" for a query year no listed date has.
     */
    static String birthVerdict(String queryDate, List<String> listed) {
        if (queryDate == null || queryDate.length() < 4) {
            return "not given";
        }
        if (listed.isEmpty()) {
            return "not listed";
        }
        String year = queryDate.substring(0, 4);
        if (listed.stream().anyMatch(d -> d.contains(year))) {
            return "corroborated (" + year + ")";
        }
        // a listed year without day and month is often approximate ("circa 1947"): one year either side is consistent
        if (year.chars().allMatch(Character::isDigit)) {
            int y = Integer.parseInt(year);
            if (listed.stream().anyMatch(d -> d.matches("\\d{4}") && Math.abs(Integer.parseInt(d) - y) <= 1)) {
                return "consistent (" + year + " is within a year of a listed year)";
            }
        }
        return "contradicted (" + year + " vs " + String.join(", ", listed) + ")";
    }

    private static String normaliseIdentifier(String identifier) {
        String s = identifier.strip();
        // wallet addresses of EVM chains are case-insensitive; passports upper case without spaces
        return s.startsWith("0x") ? s.toLowerCase(Locale.ROOT) : s.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
