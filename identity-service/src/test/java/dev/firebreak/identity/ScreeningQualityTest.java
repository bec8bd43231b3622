package dev.firebreak.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.identity.quality.ScreeningEvaluation;
import dev.firebreak.identity.screening.Screener;
import dev.firebreak.identity.watchlist.OfacCsvParser;
import dev.firebreak.identity.watchlist.UnXmlParser;
import dev.firebreak.identity.watchlist.WatchlistEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matching-quality figures of BENCHMARKS.md, measured with the real UN and OFAC lists loaded and the alias
 * groups and namesakes of {@code test-vectors/name_matching_pairs.json} (skips when ../shared is absent):
 * <ul>
 *   <li>the evaluation of issue 28 ({@link ScreeningEvaluation}): recall of every listed person and entity under
 *       generated variants, false matches of ordinary names of eight regions, overall and per region, with and
 *       without a date of birth, against the goals;</li>
 *   <li>screening recall: every name of an alias group, screened, finds its listed entry;</li>
 *   <li>cross-alias recall: the same with the lists indexed by primary names only, so that each alias must be
 *       found through matching, not by being listed itself;</li>
 *   <li>namesake false matches: every listed individual with a date of birth, screened under their primary name
 *       with a date of birth 15 years away from every listed one, must not match that entry; nor may the
 *       Kim Yong Chol namesakes of the pairs file match each other when a date of birth is given.</li>
 * </ul>
 */
class ScreeningQualityTest {

    private static final Path SHARED = Path.of("../../shared/reference");
    private static final List<WatchlistEntry> ENTRIES = new ArrayList<>();
    private static JsonNode pairs;

    @BeforeAll
    static void load() throws IOException {
        if (!Files.exists(SHARED.resolve("lists")) || !Files.exists(SHARED.resolve("test-vectors/name_matching_pairs.json"))) {
            return;
        }
        try (InputStream un = Files.newInputStream(SHARED.resolve("lists/un/consolidated.xml"))) {
            UnXmlParser.parse(un, ENTRIES::add);
        }
        try (Reader sdn = Files.newBufferedReader(SHARED.resolve("lists/us-ofac-sdn/sdn.csv"), StandardCharsets.ISO_8859_1);
             Reader alt = Files.newBufferedReader(SHARED.resolve("lists/us-ofac-sdn/alt.csv"), StandardCharsets.ISO_8859_1)) {
            OfacCsvParser.parse(sdn, alt, ENTRIES::add);
        }
        pairs = new ObjectMapper().readTree(SHARED.resolve("test-vectors/name_matching_pairs.json").toFile());
    }

    private static void requireData() {
        Assumptions.assumeTrue(pairs != null, "reference lists or pairs not present beside the checkout: skipped");
    }

    private static String entryId(JsonNode group) {
        return group.path("ref").asText().replace("ent_num ", "");
    }

    private record Recall(int found, int screened, int notLoaded, List<String> misses) {
        double value() {
            return (double) found / screened;
        }
    }

    private static Recall recall(Screener screener) {
        Map<String, WatchlistEntry> byId = new HashMap<>();
        ENTRIES.forEach(e -> byId.put(e.entryId(), e));
        int found = 0;
        int screened = 0;
        int notLoaded = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode group : pairs.path("alias_groups_same_person").path("groups")) {
            String id = entryId(group);
            List<String> names = new ArrayList<>();
            names.add(group.path("primary").asText());
            group.path("aliases").forEach(a -> names.add(a.path("name").asText()));
            if (!byId.containsKey(id)) {
                notLoaded += names.size();
                continue;
            }
            for (String name : names) {
                screened++;
                if (screener.screen(new Screener.Query(name, null, null, List.of())).stream()
                        .anyMatch(m -> m.entryId().equals(id))) {
                    found++;
                } else {
                    misses.add(id + ": " + name);
                }
            }
        }
        return new Recall(found, screened, notLoaded, misses);
    }

    @Test
    void aliasGroupsAreFoundWithTheListsLoaded() {
        requireData();
        Recall recall = recall(new Screener(ENTRIES, Screener.MATCH_THRESHOLD));
        System.out.printf("screening recall of alias groups %.3f (%d of %d names; %d names of entries not in these list"
                + " copies); misses: %s%n", recall.value(), recall.found(), recall.screened(), recall.notLoaded(),
                recall.misses());
        assertTrue(recall.value() >= 0.98, "screening recall " + recall.value());
    }

    @Test
    void aliasesAreFoundThroughMatchingWhenOnlyPrimaryNamesAreIndexed() {
        requireData();
        List<WatchlistEntry> primariesOnly = ENTRIES.stream().map(e -> new WatchlistEntry(e.source(), e.entryId(),
                e.type(), e.primaryName(), List.of(), e.datesOfBirth(), e.nationalities(), e.identifiers())).toList();
        Recall recall = recall(new Screener(primariesOnly, Screener.MATCH_THRESHOLD));
        System.out.printf("cross-alias recall (primary names indexed only) %.3f (%d of %d names); misses: %s%n",
                recall.value(), recall.found(), recall.screened(), recall.misses());
        // a floor under the figure measured (0.845 since issue 28, at the 0.88 threshold; 0.86 before it, at 0.85):
        // the misses are aliases that are other names (another given name, a Chinese reading, an English name) and
        // short-part spellings the list pairs (Hwa/Ha, Paek/Pak) that ordinary names differ by; each is found when
        // the lists are indexed whole (above). A regression fails the build.
        assertTrue(recall.value() >= 0.83, "cross-alias recall " + recall.value());
    }

    /**
     * The evaluation of issue 28 (figures and curve in BENCHMARKS.md; the full report in
     * target/screening-evaluation.txt): every listed person and entity under generated variants, and 2,400 ordinary
     * names of eight regions, with and without a date of birth, against the goals.
     */
    @Test
    void theEvaluationMeetsItsGoals() throws IOException {
        requireData();
        Screener screener = new Screener(ENTRIES, ScreeningEvaluation.FLOOR);
        ScreeningEvaluation e = ScreeningEvaluation.run(ENTRIES, screener, 300);
        double t = Screener.MATCH_THRESHOLD;
        String report = e.report(t, 0.8);
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/screening-evaluation.txt"), report + System.lineSeparator()
                + "false matches at or above 0.84 (below the threshold):" + System.lineSeparator()
                + String.join(System.lineSeparator(), e.falseMatches(0.84, false).stream()
                .map(n -> "  " + n.region() + " " + n.name() + " -> " + n.matched() + " " + n.outcome()).toList())
                + System.lineSeparator() + "misses:" + System.lineSeparator()
                + String.join(System.lineSeparator(), e.misses(t).stream()
                .map(p -> "  " + p.kind() + " " + p.entryId() + " " + p.name() + (p.withBirth() ? " (with DOB) " : " ")
                        + p.outcome()).toList()));
        assertTrue(e.negativeCount(false) >= 2000, "negatives " + e.negativeCount(false));
        assertTrue(e.recall(t, null) >= 0.98, "recall " + e.recall(t, null));
        assertTrue(e.falsePerThousand(t, false) <= 2.0, "false matches without a date of birth " + e.falseMatches(t, false));
        assertEquals(List.of(), e.falseMatches(t, true), "false matches with a date of birth");
        assertEquals(List.of(), e.falseMatchesAtConfidence(t, 0.8, false), "false matches at CRITICAL confidence");
        double overall = e.falsePerThousand(t, false);
        e.falseRatePerRegion(t, false).forEach((region, rate) ->
                assertTrue(rate <= 2 * overall, region + " false-match rate " + rate + " vs overall " + overall));
    }

    @Test
    void namesakesWithAnotherDateOfBirthAreNotMatched() {
        requireData();
        Screener screener = new Screener(ENTRIES, Screener.MATCH_THRESHOLD);
        int screened = 0;
        List<String> falseMatches = new ArrayList<>();
        for (WatchlistEntry entry : ENTRIES) {
            List<Integer> years = entry.datesOfBirth().stream().filter(d -> d.length() >= 4 && d.substring(0, 4).matches("\\d{4}"))
                    .map(d -> Integer.parseInt(d.substring(0, 4))).toList();
            if (!"INDIVIDUAL".equals(entry.type()) || years.isEmpty()) {
                continue;
            }
            int other = years.stream().mapToInt(Integer::intValue).max().orElseThrow() + 15;
            screened++;
            if (screener.screen(new Screener.Query(entry.primaryName(), other + "-06-15", null, List.of())).stream()
                    .anyMatch(m -> m.entryId().equals(entry.entryId()))) {
                falseMatches.add(entry.entryId() + " " + entry.datesOfBirth());
            }
        }
        int pairsFileFalse = 0;
        if (screener.screen(new Screener.Query("KIM Yong Chol", "1962-02-18", null, List.of())).stream()
                .anyMatch(m -> m.entryId().equals("12211"))) {
            pairsFileFalse++;
        }
        if (screener.screen(new Screener.Query("KIM Yong Chol", "1947", null, List.of())).stream()
                .anyMatch(m -> m.entryId().equals("17614") || m.entryId().equals("KPi.024"))) {
            pairsFileFalse++;
        }
        System.out.printf("namesake false matches with a date of birth given: %d of %d listed individuals, %d of 2"
                + " pairs-file cases%n", falseMatches.size(), screened, pairsFileFalse);
        assertEquals(List.of(), falseMatches);
        assertEquals(0, pairsFileFalse);
    }
}
