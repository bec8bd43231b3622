package dev.firebreak.platform;

import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.TextSimilarity;
import dev.firebreak.platform.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PL-04: MinHash estimates and LSH candidates find re-used templates across accounts, not unrelated texts. */
class TextSimilarityTest {

    private static final String TEMPLATE = "Hello! I am a senior full-stack developer with 8 years of experience in "
            + "React, Node.js and AWS. I have built dozens of SaaS platforms and I can start today. I deliver clean, "
            + "tested code and communicate daily. Let's discuss your project details.";

    @Test
    void aReusedTemplateIsFoundAndAnUnrelatedTextIsNot() {
        String respaced = TEMPLATE.replace("Hello!", "Hi!").replace("8 years", "9 years").replace(" ", "  ");
        int[] a = TextSimilarity.signature(TEMPLATE);
        int[] b = TextSimilarity.signature(respaced);
        assertTrue(TextSimilarity.similarity(a, b) >= 0.8, "a lightly edited template: " + TextSimilarity.similarity(a, b));
        int[] other = TextSimilarity.signature("I maintain Fortran numerical codes for climate models and tune MPI "
                + "communication on HPC clusters; I prefer long engagements with research institutes.");
        assertTrue(TextSimilarity.similarity(a, other) < 0.2);

        Activity e = new Activity("e-new", EventType.PROFILE_TEXT, "acct-b", null, Instant.parse("2026-11-20T10:00:00Z"), null, null,
                Map.of("text", respaced));
        var found = TextSimilarity.inspect(e, b, List.of(
                new TextSimilarity.Candidate("e-old", "acct-a", a, TextSimilarity.excerpt(TEMPLATE)),
                new TextSimilarity.Candidate("e-other", "acct-c", other, "…"),
                new TextSimilarity.Candidate("e-own", "acct-b", b, "its own earlier text")), 0.8).orElseThrow();
        assertEquals("PL-04", found.code());
        assertEquals(List.of("acct-a", "acct-b"), found.accounts());
        assertEquals(List.of("e-new", "e-old"), found.triggeringIds());
        assertTrue(TextSimilarity.inspect(e, b, List.of(new TextSimilarity.Candidate("e-own", "acct-b", b, "")), 0.8).isEmpty(),
                "the account's own texts are not a duplicate across accounts");
    }

    @Test
    void shortTextsThatManyPeopleWriteAlikeAreNotCompared() {
        int min = dev.firebreak.platform.detect.Thresholds.defaults().textMinShingles();
        for (String bid : List.of("I can do this job.", "I can do this job. Thanks!", "Hello, I can do this.",
                "Interested, please check my profile and my portfolio.")) {
            assertEquals(null, TextSimilarity.signature(bid, min), bid);
            assertTrue(TextSimilarity.signature(bid) != null, "without the minimum it would be compared: " + bid);
        }
        // two identical short bids would be 100 % similar: the minimum is what keeps them apart
        assertEquals(1.0, TextSimilarity.similarity(TextSimilarity.signature("I can do this job."),
                TextSimilarity.signature("I can do this job.")));
        assertTrue(TextSimilarity.signature(TEMPLATE, min) != null, "a template profile is long enough");
        // repeated words add no shingles: a long text of one phrase repeated is still short
        assertEquals(null, TextSimilarity.signature("I can do this job. ".repeat(10), min));
    }

    @Test
    void anExcerptIsItsOwnExcerpt() {
        // the account stage sends the bands' stage only the excerpt, which that stage shows as the text's excerpt
        for (String text : List.of("", "short  text\n", TEMPLATE, TEMPLATE.repeat(3), " \t" + "word ".repeat(40) + "\u00e9\u4e2d ".repeat(30))) {
            String excerpt = TextSimilarity.excerpt(text);
            assertEquals(excerpt, TextSimilarity.excerpt(excerpt), text);
        }
    }

    @Test
    void lshFindsTheNearDuplicateAmongThousandsWithoutComparingAll() {
        Random random = new Random(3);
        List<String> words = List.of("api", "design", "build", "team", "scale", "cloud", "python", "java", "data", "mobile",
                "secure", "fast", "client", "product", "deliver", "agile", "test", "deploy", "support", "quality");
        Map<Long, List<Integer>> buckets = new HashMap<>();
        List<int[]> signatures = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 40; w++) {
                text.append(words.get(random.nextInt(words.size()))).append(' ');
            }
            int[] s = TextSimilarity.signature(text.toString());
            signatures.add(s);
            for (long key : TextSimilarity.bands(s)) {
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        int templateIndex = signatures.size();
        int[] template = TextSimilarity.signature(TEMPLATE);
        signatures.add(template);
        for (long key : TextSimilarity.bands(template)) {
            buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(templateIndex);
        }
        int[] query = TextSimilarity.signature(TEMPLATE.replace("Let's discuss", "Let us discuss"));
        Set<Integer> candidates = new HashSet<>();
        for (long key : TextSimilarity.bands(query)) {
            candidates.addAll(buckets.getOrDefault(key, List.of()));
        }
        assertTrue(candidates.contains(templateIndex), "the template shares a band");
        assertTrue(candidates.size() < 50, "only a few of 5 001 texts are candidates: " + candidates.size());
    }
}
