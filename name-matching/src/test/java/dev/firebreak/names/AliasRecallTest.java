package dev.firebreak.names;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recall on the alias groups of the UN and OFAC lists in {@code ../shared/reference/test-vectors/
 * name_matching_pairs.json}: each alias compared with its entry's primary name. Skips when the file is absent.
 */
class AliasRecallTest {

    private static final Path PAIRS = Path.of("../../shared/reference/test-vectors/name_matching_pairs.json");
    static final double MATCH_THRESHOLD = 0.88;

    @Test
    void aliasesOfOnePersonMatchTheirPrimaryName() throws IOException {
        Assumptions.assumeTrue(Files.exists(PAIRS), "name pairs not present beside the checkout: skipped");
        JsonNode groups = new ObjectMapper().readTree(PAIRS.toFile()).path("alias_groups_same_person").path("groups");
        // as screening runs: the alias screened (left) against the listed primary name (right), parts weighed by the table
        NameMatcher matcher = NameMatcher.forScreening(NameStatistics.TABLE_ONLY);
        int pairs = 0;
        int matched = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode group : groups) {
            String primary = group.path("primary").asText();
            for (JsonNode alias : group.path("aliases")) {
                pairs++;
                NameMatcher.Match match = matcher.compare(alias.path("name").asText(), primary);
                if (match.score() >= MATCH_THRESHOLD) {
                    matched++;
                } else {
                    misses.add(alias.path("name").asText() + " / " + primary + " = " + match.score());
                }
            }
        }
        double recall = (double) matched / pairs;
        System.out.printf("alias recall %.3f (%d of %d pairs at score >= %.2f); misses: %s%n", recall, matched, pairs,
                MATCH_THRESHOLD, misses.subList(0, Math.min(15, misses.size())));
        // a floor under the figure measured (0.732 at 0.88 with the table's weights since issue 28; 0.789 at 0.85
        // unweighted before it): the misses are aliases that are other names altogether (a Chinese reading, another
        // given name) and a dozen short-part spellings the list itself pairs (Hwa/Ha, Paek/Pak) that the matcher no
        // longer pairs by similarity, because ordinary names differ in exactly that way; screening still finds
        // those people, since every alias is indexed (ScreeningQualityTest). A regression fails the build.
        assertTrue(recall >= 0.72, "alias recall " + recall);
    }
}
