package dev.firebreak.platform.detect;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PL-12 against two corpora written for it ({@code src/test/resources/pl12/}): over 300 messages ordinary freelancers
 * write (about messengers they build bots for, cryptography, payments, shared screens and test accounts), of which at
 * most 1 % may raise PL-12, and the advisory's requests in the same languages, of which at least 95 % must. Both rates
 * per language are printed, with every message that came out wrong.
 */
class OffPlatformRequestsCorpusTest {

    record Line(String language, String text) {
    }

    static List<Line> corpus(String name) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (InputStream in = OffPlatformRequestsCorpusTest.class.getResourceAsStream("/pl12/" + name)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    lines.add(new Line(parts[0], parts[1]));
                }
            }
        }
        return lines;
    }

    @Test
    void ordinaryMessagesRarelyAndTheAdvisorysRequestsAlmostAlwaysRaisePl12() throws IOException {
        List<Line> ordinary = corpus("ordinary-messages.tsv");
        List<Line> requests = corpus("requests.tsv");
        assertTrue(ordinary.size() >= 300, "at least 300 ordinary messages: " + ordinary.size());

        List<String> falseHits = new ArrayList<>();
        Map<String, int[]> perLanguage = new TreeMap<>();
        for (Line line : ordinary) {
            boolean hit = !OffPlatformRequests.scan(line.text()).isEmpty();
            perLanguage.computeIfAbsent(line.language(), l -> new int[4])[0] += hit ? 1 : 0;
            perLanguage.get(line.language())[1]++;
            if (hit) {
                falseHits.add(line.text() + " → " + OffPlatformRequests.scan(line.text()));
            }
        }
        List<String> misses = new ArrayList<>();
        for (Line line : requests) {
            boolean hit = !OffPlatformRequests.scan(line.text()).isEmpty();
            perLanguage.computeIfAbsent(line.language(), l -> new int[4])[2] += hit ? 1 : 0;
            perLanguage.get(line.language())[3]++;
            if (!hit) {
                misses.add(line.text());
            }
        }
        StringBuilder report = new StringBuilder("language: ordinary hits / n, requests found / n\n");
        perLanguage.forEach((language, n) -> report.append(language).append(": ").append(n[0]).append('/').append(n[1])
                .append(", ").append(n[2]).append('/').append(n[3]).append('\n'));
        report.append("ordinary messages raising PL-12: ").append(falseHits).append('\n');
        report.append("requests missed: ").append(misses).append('\n');
        System.out.println(report);

        double falseRate = (double) falseHits.size() / ordinary.size();
        double recall = 1 - (double) misses.size() / requests.size();
        assertTrue(falseRate <= 0.01, "ordinary messages raising PL-12: " + falseRate + "\n" + report);
        assertTrue(recall >= 0.95, "requests found: " + recall + "\n" + report);
    }
}
