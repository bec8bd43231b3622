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
    static final double MATCH_THRESHOLD = 0.85;

    @Test
    void aliasesOfOnePersonMatchTheirPrimaryName() throws IOException {
        Assumptions.assumeTrue(Files.exists(PAIRS), "name pairs not present beside the checkout: skipped");
        JsonNode groups = new ObjectMapper().readTree(PAIRS.toFile()).path("alias_groups_same_person").path("groups");
        NameMatcher matcher = new NameMatcher();
        int pairs = 0;
        int matched = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode group : groups) {
            String primary = group.path("primary").asText();
            for (JsonNode alias : group.path("aliases")) {
                pairs++;
                NameMatcher.Match match = matcher.compare(primary, alias.path("name").asText());
                if (match.score() >= MATCH_THRESHOLD) {
                    matched++;
                } else {
                    misses.add(primary + " / " + alias.path("name").asText() + " = " + match.score());
                }
            }
        }
        double recall = (double) matched / pairs;
        System.out.printf("alias recall %.3f (%d of %d pairs at score >= %.2f); misses: %s%n", recall, matched, pairs,
                MATCH_THRESHOLD, misses.subList(0, Math.min(15, misses.size())));
        // a floor under the 0.789 measured when this was written (the rest are aliases that are other names
        // altogether, e.g. a Chinese reading): a regression fails the build
        assertTrue(recall >= 0.75, "alias recall " + recall);
    }
}
