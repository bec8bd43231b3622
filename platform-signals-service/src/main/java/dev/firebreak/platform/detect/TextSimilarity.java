package dev.firebreak.platform.detect;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * PL-04: near-duplicate profile and proposal texts across accounts. A text becomes a set of character 5-gram
 * shingles (after Unicode normalisation, lower case and collapsed whitespace: templates survive re-spacing, and
 * scripts without spaces work alike), summarised by a MinHash signature of 128 values; the signature is cut into
 * 16 bands of 8 for locality-sensitive hashing, so texts are compared only with those sharing a band (sub-linear in
 * the number of accounts) and a pair is reported when the estimated Jaccard similarity is at least the threshold
 * (RED-FLAGS.md: 0.8). With 16 × 8, a pair at 0.8 shares a band with probability 0.96, a pair at 0.5 with 0.06.
 * Written here: the Java MinHash/LSH libraries are unmaintained or bring a Spark-style stack; this is 100 lines.
 */
public final class TextSimilarity {

    public static final int HASHES = 128;
    public static final int BANDS = 16;
    public static final int ROWS = HASHES / BANDS;
    private static final int SHINGLE = 5;

    private TextSimilarity() {
    }

    /** The text as compared: normalised, lower case, runs of whitespace and punctuation as one space. */
    static String normalise(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[\\p{P}\\p{S}\\s]+", " ").strip();
    }

    /** The MinHash signature of a text (null for a text shorter than one shingle). */
    public static int[] signature(String text) {
        String t = normalise(text == null ? "" : text);
        if (t.length() < SHINGLE) {
            return null;
        }
        Set<Long> shingles = new HashSet<>();
        for (int i = 0; i + SHINGLE <= t.length(); i++) {
            shingles.add(fnv64(t.substring(i, i + SHINGLE)));
        }
        int[] signature = new int[HASHES];
        Arrays.fill(signature, Integer.MAX_VALUE);
        for (long h : shingles) {
            int h1 = (int) h;
            int h2 = (int) (h >>> 32) | 1;
            for (int k = 0; k < HASHES; k++) {
                int v = mix(h1 + k * h2); // k-th hash by double hashing (Kirsch–Mitzenmacher)
                if (Integer.compareUnsigned(v, signature[k]) < 0) {
                    signature[k] = v;
                }
            }
        }
        return signature;
    }

    /** The LSH keys of a signature, one per band (band index folded in, so bands never collide with each other). */
    public static long[] bands(int[] signature) {
        long[] keys = new long[BANDS];
        for (int b = 0; b < BANDS; b++) {
            long h = 0xcbf29ce484222325L ^ b;
            for (int r = 0; r < ROWS; r++) {
                h = (h ^ signature[b * ROWS + r]) * 0x100000001b3L;
            }
            keys[b] = h;
        }
        return keys;
    }

    /** The estimated Jaccard similarity of two texts' shingle sets. */
    public static double similarity(int[] a, int[] b) {
        int equal = 0;
        for (int k = 0; k < HASHES; k++) {
            equal += a[k] == b[k] ? 1 : 0;
        }
        return (double) equal / HASHES;
    }

    /** A text of another account that shares at least one band with the new one. */
    public record Candidate(String eventId, String accountId, int[] signature, String excerpt) {
    }

    /**
     * PL-04 for a new text: the most similar candidate of another account at or above {@code threshold}, both
     * accounts concerned, the pair of texts naming the detection.
     */
    public static Optional<Finding> inspect(Activity e, int[] signature, List<Candidate> candidates, double threshold) {
        if (signature == null) {
            return Optional.empty();
        }
        Candidate best = null;
        double bestSimilarity = 0;
        for (Candidate c : candidates) {
            if (c.accountId().equals(e.accountId())) {
                continue;
            }
            double s = similarity(signature, c.signature());
            if (s >= threshold && (s > bestSimilarity || s == bestSimilarity && best != null && c.eventId().compareTo(best.eventId()) < 0)) {
                best = c;
                bestSimilarity = s;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String text = e.text("text");
        return Optional.of(new Finding("PL-04", "near-duplicate-text", Math.min(0.9, 0.5 + bestSimilarity / 2),
                Finding.evidence("kind", "NEAR_DUPLICATE_TEXT", "similarity", Math.round(bestSimilarity * 100) / 100.0,
                        "accounts", List.of(e.accountId(), best.accountId()),
                        "texts", List.of(excerpt(text), best.excerpt()),
                        "explanation", "a " + e.type().toLowerCase(Locale.ROOT).replace('_', ' ') + " of " + e.accountId()
                                + " is " + Math.round(bestSimilarity * 100) + " % similar (MinHash estimate of shingle "
                                + "Jaccard) to one of " + best.accountId()),
                List.of(e.eventId(), best.eventId()), List.of(e.accountId(), best.accountId())));
    }

    /** The start of a text, for the evidence; an excerpt is its own excerpt (the bands' stage is sent only that). */
    public static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= 160 ? t : t.substring(0, 157) + "…";
    }

    private static long fnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    private static int mix(int x) { // murmur3 finaliser
        x ^= x >>> 16;
        x *= 0x85ebca6b;
        x ^= x >>> 13;
        x *= 0xc2b2ae35;
        x ^= x >>> 16;
        return x;
    }
}
