package dev.firebreak.platform.detect;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The copy-free shingle hashing, whitespace collapsing and signature give exactly what the plain forms give
 * (substring, getBytes, regex, a set of boxed hashes): signatures are kept in the bands' stores, so a text must sign the
 * same after an upgrade as before it.
 */
class TextSimilarityHashingTest {

    /** Characters of every UTF-8 length, lone and paired surrogates, the regex's whitespace and Unicode's. */
    private static final char[] ALPHABET = ("ab Z9,.!-\t\n\u000B\f\r\u00a0\u00e9\u00df\u0416\u4e2d\u3000\u2028\u200b\ufb01"
            + "\ud83d\ude00\ud800\udfff\uff21").toCharArray();

    @Test
    void shingleHashesAreThoseOfTheSubstringsBytes() {
        Random random = new Random(17);
        for (int n = 0; n < 20_000; n++) {
            String s = text(random, 1 + random.nextInt(12));
            int from = random.nextInt(s.length());
            int to = from + random.nextInt(s.length() - from + 1);
            assertEquals(reference(s.substring(from, to).getBytes(StandardCharsets.UTF_8)), TextSimilarity.fnv64(s, from, to),
                    () -> "range " + from + ".." + to + " of " + s.chars().mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void collapsingSpacesIsTheRegexReplacement() {
        Random random = new Random(19);
        for (String s : List.of("", " ", "a", "a b", "a  b", "\ta", "a\r\n", "a\u00a0 b", " \u000B\f ")) {
            assertEquals(s.replaceAll("\\s+", " "), TextSimilarity.collapseSpaces(s), s);
        }
        for (int n = 0; n < 20_000; n++) {
            String s = text(random, random.nextInt(30));
            assertEquals(s.replaceAll("\\s+", " "), TextSimilarity.collapseSpaces(s), s);
        }
        String clean = "one space between words";
        assertSame(clean, TextSimilarity.collapseSpaces(clean), "nothing to replace: no copy");
    }

    @Test
    void signaturesAreThoseOfTheSetOfShingles() {
        Random random = new Random(23);
        for (int n = 0; n < 2_000; n++) {
            String s = text(random, random.nextInt(200));
            assertArrayEquals(referenceSignature(s), TextSimilarity.signature(s), s);
        }
        String template = "Hello! I am a senior full-stack developer; I can start today. ".repeat(4);
        assertArrayEquals(referenceSignature(template), TextSimilarity.signature(template));
    }

    private static String text(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    private static long reference(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** The signature as first written: substrings, their bytes, a HashSet of boxed hashes. */
    private static int[] referenceSignature(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[\\p{P}\\p{S}\\s]+", " ").strip();
        if (t.length() < 5) {
            return null;
        }
        Set<Long> shingles = new HashSet<>();
        for (int i = 0; i + 5 <= t.length(); i++) {
            shingles.add(reference(t.substring(i, i + 5).getBytes(StandardCharsets.UTF_8)));
        }
        int[] signature = new int[TextSimilarity.HASHES];
        Arrays.fill(signature, Integer.MAX_VALUE);
        for (long h : shingles) {
            int h1 = (int) h;
            int h2 = (int) (h >>> 32) | 1;
            for (int k = 0; k < TextSimilarity.HASHES; k++) {
                int x = h1 + k * h2;
                x ^= x >>> 16;
                x *= 0x85ebca6b;
                x ^= x >>> 13;
                x *= 0xc2b2ae35;
                x ^= x >>> 16;
                if (Integer.compareUnsigned(x, signature[k]) < 0) {
                    signature[k] = x;
                }
            }
        }
        return signature;
    }
}
