package dev.firebreak.names;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The own Jaro–Winkler gives what commons-text's does, on names and on random strings of a small alphabet. */
class JaroWinklerTest {

    private static final JaroWinklerSimilarity REFERENCE = new JaroWinklerSimilarity();

    @Test
    void agreesWithCommonsTextOnNames() {
        String[][] pairs = {{"martha", "marhta"}, {"dwayne", "duane"}, {"dixon", "dicksonx"}, {"mohammed", "muhammad"},
                {"chol", "cheol"}, {"kim", "gim"}, {"a", "b"}, {"jongun", "jong"}, {"ri", "li"}, {"abc", "abc"}};
        for (String[] p : pairs) {
            assertEquals(REFERENCE.apply(p[0], p[1]), JaroWinkler.similarity(p[0], p[1]), 1e-12, p[0] + "/" + p[1]);
        }
    }

    @Test
    void agreesWithCommonsTextOnRandomStrings() {
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            String a = random(random);
            String b = random(random);
            assertEquals(REFERENCE.apply(a, b), JaroWinkler.similarity(a, b), 1e-12, a + "/" + b);
            double reference = REFERENCE.apply(a, b);
            double cut = JaroWinkler.similarityIfAtLeastBoost(a, b);
            if (reference >= 0.7) {
                assertEquals(reference, cut, 1e-12, "not cut: " + a + "/" + b);
            } else {
                assertTrue(cut < 0.7, "cut below 0.7: " + a + "/" + b);
            }
        }
    }

    private static String random(Random random) {
        int length = 1 + random.nextInt(12);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append("abcde".charAt(random.nextInt(5)));
        }
        return s.toString();
    }
}
