package dev.firebreak.identity.screening;

import dev.firebreak.identity.nexus.Countries;
import dev.firebreak.identity.watchlist.WatchlistEntry;
import dev.firebreak.names.NameMatcher;
import dev.firebreak.names.NameStatistics;
import dev.firebreak.names.PreparedName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Screens a name (with date of birth, nationality and identifiers when known) against loaded list entries.
 *
 * <p><b>Finding candidates.</b> Entries are indexed by every part of every listed name (its phonetic key, and for
 * parts of four letters or more its Double Metaphone code) and by every run of two or three adjacent parts written
 * as one, so "Changho" finds CHANG-HO and "Chang Ho" finds CHANGHO. A query scores only the entries that hold two of
 * its parts (one for a one-part query). A query of a person is never scored against organisations, vessels or
 * aircraft; one of an organisation never against individuals.
 *
 * <p><b>Scoring.</b> Each candidate's best name (primary or alias) is scored by {@link NameMatcher}, its parts weighed
 * by {@link NameStatistics} built from these entries and the bundled name table. A date of birth that contradicts
 * every listed one rules the entry out (different people share names); a passport number or wallet address equal to
 * a listed one matches outright.
 *
 * <p><b>Confidence</b> is what the match proves, on the signal's 0..1 scale where 0.8 is the CRITICAL bar: an
 * identifier 1.0; a name with the listed date of birth (its month at least) or nationality, its score (a name up to
 * {@value #DATE_RELIEF} below the threshold matches when the full listed date of birth is given, at 0.8); a name with
 * only the listed year of birth, or a name alone, its score if the name is rare, at most
 * {@value #COMMON_NAME_CONFIDENCE} if it is common (a common name alone is evidence to look, not proof of a listed
 * person; and one in some sixty of its bearers is born in any given year, so the year adds little to it).
 */
public final class Screener {

    /** What the screened name belongs to: a person (documents, profiles) or an organisation; null for either. */
    public enum SubjectType { PERSON, ORGANISATION }

    /** What is screened. {@code dateOfBirth} is yyyy, yyyy-MM or yyyy-MM-dd; {@code type} may be null. */
    public record Query(String name, String dateOfBirth, String nationality, List<String> identifiers,
                        SubjectType type) {
        public Query(String name, String dateOfBirth, String nationality, List<String> identifiers) {
            this(name, dateOfBirth, nationality, identifiers, null);
        }
    }

    /**
     * One match, best first in results. {@code confidence} is what it proves (see the class comment), {@code basis}
     * says on what: {@link #IDENTIFIER}, {@link #NAME_AND_BIRTH}, {@link #NAME_AND_NATIONALITY},
     * {@link #NAME_AND_YEAR}, {@link #COMMON_NAME_AND_YEAR}, {@link #RARE_NAME} or {@link #COMMON_NAME}.
     */
    public record Match(double score, String source, String entryId, String listedName, String matchedAlias,
                        String explanation, double confidence, String basis) {
    }

    /**
     * The match threshold chosen from the evaluation of BENCHMARKS.md (the default of
     * {@code firebreak.screening.match-threshold}): the lowest at which ordinary names of every region gave no false
     * match, with recall of listed names' variants above 0.98.
     */
    public static final double MATCH_THRESHOLD = 0.88;

    public static final String IDENTIFIER = "identifier";
    public static final String NAME_AND_BIRTH = "name and date of birth";
    public static final String NAME_AND_NATIONALITY = "name and nationality";
    /** A rare name with the listed year of birth only (the query or the listing gives no more, or they differ in it). */
    public static final String NAME_AND_YEAR = "rare name and year of birth";
    /** A common name with the listed year of birth only: no more than a common name alone. */
    public static final String COMMON_NAME_AND_YEAR = "common name and year of birth";
    public static final String RARE_NAME = "rare name alone";
    public static final String COMMON_NAME = "common name alone";

    /** The highest confidence a common name alone gives: below the CRITICAL bar (0.8), above the active one (0.5). */
    public static final double COMMON_NAME_CONFIDENCE = 0.75;
    /** A name whose parts are borne together by this share of people or more is a common name. */
    static final double COMMON_NAME_SHARE = 1e-7;
    /** How far below the threshold a name may score and still match when the full listed date of birth is given. */
    static final double DATE_RELIEF = 0.10;

    private final List<WatchlistEntry> entries;
    private final List<List<PreparedName>> names = new ArrayList<>();
    private final Map<String, Integer> blockIds = new HashMap<>();
    private final List<int[]> postings;
    /** For each entry, each name's blocks as sorted ids (in the order of {@link #names}). */
    private final List<List<int[]>> nameBlocks = new ArrayList<>();
    private final Map<String, List<Integer>> byIdentifier = new HashMap<>();
    private final double threshold;
    private final NameStatistics statistics;
    private final NameMatcher matcher;

    public Screener(List<WatchlistEntry> entries, double threshold) {
        this.entries = List.copyOf(entries);
        this.threshold = threshold;
        int size = this.entries.size();
        this.heldParts = ThreadLocal.withInitial(() -> new long[size]);
        List<Set<String>> keysPerEntry = new ArrayList<>();
        Map<Integer, List<Integer>> posting = new HashMap<>();
        for (int i = 0; i < this.entries.size(); i++) {
            WatchlistEntry entry = this.entries.get(i);
            List<PreparedName> prepared = entry.names().stream().map(PreparedName::of).toList();
            names.add(prepared);
            Set<String> keys = new HashSet<>();
            Set<String> blocks = new LinkedHashSet<>();
            for (PreparedName name : prepared) {
                keys.addAll(name.tokenKeys());
                blocks.addAll(name.indexKeys());
            }
            keysPerEntry.add(keys);
            nameBlocks.add(prepared.stream().map(name -> name.indexKeys().stream()
                    .mapToInt(b -> blockIds.computeIfAbsent(b, x -> blockIds.size())).sorted().distinct().toArray())
                    .toList());
            // each entry's blocks as sorted ids: candidate checks are binary searches in a few ints, no hashing
            int[] ids = blocks.stream().mapToInt(b -> blockIds.computeIfAbsent(b, x -> blockIds.size())).sorted()
                    .distinct().toArray();
            for (int id : ids) {
                posting.computeIfAbsent(id, x -> new ArrayList<>()).add(i);
            }
            for (String identifier : entry.identifiers()) {
                byIdentifier.computeIfAbsent(normaliseIdentifier(identifier), k -> new ArrayList<>()).add(i);
            }
        }
        postings = new ArrayList<>(blockIds.size());
        for (int id = 0; id < blockIds.size(); id++) {
            postings.add(posting.get(id).stream().mapToInt(Integer::intValue).toArray());
        }
        this.statistics = NameStatistics.of(keysPerEntry);
        this.matcher = NameMatcher.forScreening(statistics);
        // every listed name's parts weighed once, here, before the index is shared between request threads
        names.forEach(entryNames -> entryNames.forEach(name -> name.weigh(statistics)));
    }

    public List<Match> screen(Query query) {
        Map<Integer, Match> matches = new HashMap<>();
        for (String identifier : query.identifiers() == null ? List.<String>of() : query.identifiers()) {
            for (int i : byIdentifier.getOrDefault(normaliseIdentifier(identifier), List.of())) {
                WatchlistEntry e = entries.get(i);
                matches.put(i, new Match(1.0, e.source(), e.entryId(), e.primaryName(), null,
                        "identifier " + identifier + " is listed for this entry", 1.0, IDENTIFIER));
            }
        }
        PreparedName queried = PreparedName.of(query.name());
        NameMatcher.Batch batch = matcher.batch(queried);
        boolean fullDate = query.dateOfBirth() != null && query.dateOfBirth().length() == 10;
        double floor = fullDate ? threshold - DATE_RELIEF : threshold;
        String queryCountry = Countries.alpha2(query.nationality()).orElse(null);
        QueryBlocks blocks = blocks(queried);
        Candidates found = candidates(blocks);
        for (int c = 0; c < found.count; c++) {
            int i = found.entries[c];
            WatchlistEntry entry = entries.get(i);
            if (matches.containsKey(i) || !screenedAs(query.type(), entry.type())
                    || blocks.bound(found.parts[i]) < floor) {
                continue;
            }
            // every name scored, only the best explained
            PreparedName bestName = null;
            double bestScore = -1;
            List<PreparedName> entryNames = names.get(i);
            for (int n = 0; n < entryNames.size(); n++) {
                PreparedName name = entryNames.get(n);
                // of an entry's names (often dozens of aliases), only those holding two of the query's parts, and
                // enough of its weight to reach the threshold, are scored
                if (blocks.bound(nameBlocks.get(i).get(n)) < floor) {
                    continue;
                }
                double score = batch.score(name);
                if (score > bestScore) {
                    bestScore = score;
                    bestName = name;
                }
            }
            if (bestName == null || bestScore < floor) {
                continue;
            }
            NameMatcher.Match best = batch.compare(bestName);
            String birth = birthVerdict(query.dateOfBirth(), entry.datesOfBirth());
            if (birth.startsWith("contradicted")) {
                continue;
            }
            boolean sameDate = fullDate && entry.datesOfBirth().contains(query.dateOfBirth());
            if (best.score() < threshold && !sameDate) {
                continue;
            }
            boolean sameNationality = queryCountry != null && entry.nationalities().stream()
                    .anyMatch(n -> queryCountry.equals(countryOf(n)));
            double confidence;
            String basis;
            if (best.score() < threshold) {
                confidence = 0.8;
                basis = NAME_AND_BIRTH;
            } else if (birth.startsWith(CORROBORATED)) {
                confidence = best.score();
                basis = NAME_AND_BIRTH;
            } else if (sameNationality) {
                confidence = best.score();
                basis = NAME_AND_NATIONALITY;
            } else if (statistics.nameShare(queried.tokenKeys()) >= COMMON_NAME_SHARE) {
                confidence = Math.min(best.score(), COMMON_NAME_CONFIDENCE);
                basis = birth.startsWith(YEAR_ONLY) ? COMMON_NAME_AND_YEAR : COMMON_NAME;
            } else {
                confidence = best.score();
                basis = birth.startsWith(YEAR_ONLY) ? NAME_AND_YEAR : RARE_NAME;
            }
            String explanation = best.explanation("screened", "listed") + "; date of birth " + birth
                    + (queryCountry != null && !entry.nationalities().isEmpty()
                    ? "; listed nationality " + String.join(", ", entry.nationalities()) : "")
                    + "; " + basis;
            matches.put(i, new Match(best.score(), entry.source(), entry.entryId(), entry.primaryName(),
                    bestName.written().equals(entry.primaryName()) ? null : bestName.written(), explanation,
                    Math.round(confidence * 1000) / 1000.0, basis));
        }
        found.release();
        List<Match> sorted = new ArrayList<>(matches.values());
        sorted.sort(Comparator.comparingDouble(Match::confidence).reversed()
                .thenComparing(Comparator.comparingDouble(Match::score).reversed()).thenComparing(Match::entryId));
        return sorted;
    }

    /**
     * Persons against individuals and entries of no known type, organisations against entities and those, a query
     * of no type against all three; vessels and aircraft never (no worker or payment party is one).
     */
    static boolean screenedAs(SubjectType type, String entryType) {
        return switch (entryType == null ? "UNKNOWN" : entryType) {
            case "INDIVIDUAL" -> type != SubjectType.ORGANISATION;
            case "ENTITY" -> type != SubjectType.PERSON;
            case "VESSEL", "AIRCRAFT" -> false;
            default -> true;
        };
    }

    /**
     * What finds a query's parts in the index: for each part, the ids of its blocks; for each run of its parts
     * written as one, its block id and the parts it covers; and how many parts a name must hold to be scored (two,
     * one for a one-part query).
     */
    private record QueryBlocks(int[][] partBlocks, List<int[]> runs, int needed, double[] weights, double total) {

        /**
         * The highest score a name holding these block ids can reach: query parts it does not hold cannot pair, and
         * each costs its share of the query's weight ({@link NameMatcher#SCREENED_PART_MISSING_COST}); -1 when it
         * holds fewer parts than {@link #needed}.
         */
        double bound(int[] held) {
            boolean[] found = new boolean[partBlocks.length];
            if (held(held, found, partBlocks.length) < needed) {
                return -1;
            }
            double weight = 0;
            for (int p = 0; p < found.length; p++) {
                weight += found[p] ? weights[p] : 0;
            }
            return 1 - NameMatcher.SCREENED_PART_MISSING_COST * (1 - weight / total);
        }

        /** {@link #bound(int[])} for an entry whose held parts are the bits of {@code parts}. */
        double bound(long parts) {
            double weight = 0;
            for (int p = 0; p < Math.min(weights.length, 64); p++) {
                weight += (parts & (1L << p)) != 0 ? weights[p] : 0;
            }
            return 1 - NameMatcher.SCREENED_PART_MISSING_COST * (1 - weight / total);
        }

        private int held(int[] held, boolean[] found, int enough) {
            int count = 0;
            for (int[] run : runs) {
                if (Arrays.binarySearch(held, run[0]) >= 0) {
                    for (int p = run[1]; p < run[1] + run[2]; p++) {
                        if (!found[p]) {
                            found[p] = true;
                            count++;
                        }
                    }
                }
            }
            for (int p = 0; p < partBlocks.length && count < enough; p++) {
                if (found[p]) {
                    continue;
                }
                for (int id : partBlocks[p]) {
                    if (Arrays.binarySearch(held, id) >= 0) {
                        found[p] = true;
                        count++;
                        break;
                    }
                }
            }
            return count;
        }
    }

    private QueryBlocks blocks(PreparedName queried) {
        int parts = queried.tokens().size();
        int[][] partBlocks = new int[parts][];
        for (int p = 0; p < parts; p++) {
            partBlocks[p] = queried.blockingKeys(p).stream().filter(blockIds::containsKey).mapToInt(blockIds::get).toArray();
        }
        List<int[]> runs = new ArrayList<>();
        List<int[]> runRanges = queried.joinedRuns();
        List<String> runKeys = queried.joinedKeys();
        for (int r = 0; r < runKeys.size(); r++) {
            Integer id = blockIds.get(runKeys.get(r));
            if (id != null) {
                runs.add(new int[] {id, runRanges.get(r)[0], runRanges.get(r)[1]});
            }
        }
        double[] weights = new double[parts];
        double total = 0;
        for (int p = 0; p < parts; p++) {
            weights[p] = statistics.weight(queried.tokenKeys().get(p));
            total += weights[p];
        }
        return new QueryBlocks(partBlocks, runs, Math.min(2, parts), weights, total);
    }

    /** The entries found for a query, and for every entry the query's parts it holds as bits (part p: bit p). */
    private static final class Candidates {
        final long[] parts;
        int[] entries = new int[64];
        int count;
        int[] touched = new int[256];
        int touchedCount;

        Candidates(long[] parts) {
            this.parts = parts;
        }

        void touch(int entry, long bits) {
            if (parts[entry] == 0) {
                if (touchedCount == touched.length) {
                    touched = Arrays.copyOf(touched, touched.length * 2);
                }
                touched[touchedCount++] = entry;
            }
            parts[entry] |= bits;
        }

        /** Leaves the thread's scratch array all zero again for its next query. */
        void release() {
            for (int t = 0; t < touchedCount; t++) {
                parts[touched[t]] = 0;
            }
        }
    }

    /** Each request thread's array of parts held per entry, zeroed after each query: no 80 KB allocated per query. */
    private final ThreadLocal<long[]> heldParts;

    /**
     * Entries holding two of the query's parts (one for a one-part query): a part is held when one of its blocking
     * keys is, and a run of the query's parts written as one counts for every part it joins. Every posting of every
     * part is walked once, each entry's parts gathered as bits (the 64 first parts of a query; names are at most
     * 300 characters), then the entries holding enough are kept: one pass, no lookups per entry.
     */
    private Candidates candidates(QueryBlocks blocks) {
        int[][] partBlocks = blocks.partBlocks();
        Candidates out = new Candidates(heldParts.get());
        if (blocks.needed() == 0) {
            return out;
        }
        for (int p = 0; p < Math.min(partBlocks.length, 64); p++) {
            long bit = 1L << p;
            for (int id : partBlocks[p]) {
                for (int i : postings.get(id)) {
                    out.touch(i, bit);
                }
            }
        }
        for (int[] run : blocks.runs()) {
            long bits = 0;
            for (int p = run[1]; p < Math.min(run[1] + run[2], 64); p++) {
                bits |= 1L << p;
            }
            for (int i : postings.get(run[0])) {
                out.touch(i, bits);
            }
        }
        for (int t = 0; t < out.touchedCount; t++) {
            int i = out.touched[t];
            if (Long.bitCount(out.parts[i]) >= blocks.needed()) {
                if (out.count == out.entries.length) {
                    out.entries = Arrays.copyOf(out.entries, out.count * 2);
                }
                out.entries[out.count++] = i;
            }
        }
        return out;
    }

    private static final String CORROBORATED = "corroborated";
    private static final String YEAR_ONLY = "the year only";

    /**
     * "corroborated (...)" when a listed date agrees with the query beyond its year (the same day, or the same month
     * where one of them gives no day); "the year only (...)" when they share no more than the year (one gives only a
     * year, or both give days that differ: lists carry wrong days, so that is no contradiction); "consistent" (within
     * a year of a year-only listing); "not given"; "not listed"; or "contradicted (...)" for a query year no listed
     * date has.
     */
    static String birthVerdict(String queryDate, List<String> listed) {
        if (queryDate == null || queryDate.length() < 4) {
            return "not given";
        }
        if (listed.isEmpty()) {
            return "not listed";
        }
        String year = queryDate.substring(0, 4);
        if (queryDate.length() >= 7) {
            String month = queryDate.substring(0, 7);
            for (String d : listed) {
                if (d.equals(queryDate) || d.equals(month)
                        || (queryDate.length() == 7 && d.length() >= 7 && d.startsWith(month))) {
                    return CORROBORATED + " (" + d + ")";
                }
            }
        }
        if (listed.stream().anyMatch(d -> d.contains(year))) {
            return YEAR_ONLY + " (" + year + ")";
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

    private static final Map<String, String> COUNTRY_NAMES = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            COUNTRY_NAMES.put(Locale.of("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
        }
        // the lists' own spellings of the countries sanctions most concern
        COUNTRY_NAMES.put("democratic people's republic of korea", "KP");
        COUNTRY_NAMES.put("korea, north", "KP");
        COUNTRY_NAMES.put("republic of korea", "KR");
        COUNTRY_NAMES.put("korea, south", "KR");
        COUNTRY_NAMES.put("russian federation", "RU");
        COUNTRY_NAMES.put("iran (islamic republic of)", "IR");
        COUNTRY_NAMES.put("syrian arab republic", "SY");
        COUNTRY_NAMES.put("china", "CN");
    }

    /** A listed nationality (a country's English name or a code) as ISO alpha-2; null when unknown. */
    static String countryOf(String listed) {
        String s = listed.strip();
        return Countries.alpha2(s).orElseGet(() -> COUNTRY_NAMES.get(s.toLowerCase(Locale.ROOT)));
    }

    private static String normaliseIdentifier(String identifier) {
        String s = identifier.strip();
        // wallet addresses of EVM chains are case-insensitive; passports upper case without spaces
        return s.startsWith("0x") ? s.toLowerCase(Locale.ROOT) : s.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
