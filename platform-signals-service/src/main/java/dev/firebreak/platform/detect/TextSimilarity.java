package dev.firebreak.platform.detect;

import dev.firebreak.kit.findings.Evidence;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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
    private static final Pattern SEPARATORS = Pattern.compile("[\\p{P}\\p{S}\\s]+");

    private TextSimilarity() {
    }

    /** The text as compared: normalised, lower case, runs of whitespace and punctuation as one space. */
    static String normalise(String text) {
        String lower = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return SEPARATORS.matcher(lower).replaceAll(" ").strip();
    }

    /** The MinHash signature of a text (null for a text shorter than one shingle). */
    public static int[] signature(String text) {
        return signature(text, 1);
    }

    /**
     * The MinHash signature of a text with at least {@code minShingles} distinct shingles, else null: a short text
     * ("I can do this job.", about fifteen shingles) is one many people write alike, and its similarity to another
     * proves nothing (issue 30).
     */
    public static int[] signature(String text, int minShingles) {
        String t = normalise(text == null ? "" : text);
        if (t.length() < SHINGLE || t.length() - SHINGLE + 1 < minShingles) {
            return null;
        }
        // the distinct shingles' hashes, sorted (a primitive set: boxing each into a HashSet cost a third of the work)
        long[] shingles = new long[t.length() - SHINGLE + 1];
        for (int i = 0; i < shingles.length; i++) {
            shingles[i] = fnv64(t, i, i + SHINGLE);
        }
        Arrays.sort(shingles);
        if (minShingles > 1 && distinct(shingles) < minShingles) {
            return null;
        }
        int[] signature = new int[HASHES];
        Arrays.fill(signature, Integer.MAX_VALUE);
        for (int s = 0; s < shingles.length; s++) {
            if (s > 0 && shingles[s] == shingles[s - 1]) {
                continue;
            }
            long h = shingles[s];
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

    private static int distinct(long[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            n += i == 0 || sorted[i] != sorted[i - 1] ? 1 : 0;
        }
        return n;
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
                Evidence.of("kind", "NEAR_DUPLICATE_TEXT", "similarity", Math.round(bestSimilarity * 100) / 100.0,
                        "accounts", List.of(e.accountId(), best.accountId()),
                        "texts", List.of(excerpt(text), best.excerpt()),
                        "explanation", "a " + e.typeInWords() + " of " + e.accountId()
                                + " is " + Math.round(bestSimilarity * 100) + " % similar (MinHash estimate of shingle "
                                + "Jaccard) to one of " + best.accountId()),
                List.of(e.eventId(), best.eventId()), List.of(e.accountId(), best.accountId())));
    }

    /** The start of a text, for the evidence; an excerpt is its own excerpt (the bands' stage is sent only that). */
    public static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String t = collapseSpaces(text.strip());
        return t.length() <= 160 ? t : t.substring(0, 157) + "…";
    }

    /**
     * {@code s.replaceAll("\\s+", " ")} without a regex (the bands' stage cuts the excerpt of every band record, and
     * the regex cost more than the rest of it); returns {@code s} itself when nothing is to replace.
     */
    static String collapseSpaces(String s) {
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isRegexSpace(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            int end = i + 1;
            while (end < n && isRegexSpace(s.charAt(end))) {
                end++;
            }
            if (out == null && (c != ' ' || end > i + 1)) {
                out = new StringBuilder(n).append(s, 0, i);
            }
            if (out != null) {
                out.append(' ');
            }
            i = end - 1;
        }
        return out == null ? s : out.toString();
    }

    /** {@code \s} of a regex without UNICODE_CHARACTER_CLASS: {@code [ \t\n\x0B\f\r]}. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    /**
     * FNV-1a over the UTF-8 bytes of {@code s[from, to)}, exactly as of {@code s.substring(from, to).getBytes(UTF_8)}
     * (a surrogate without its pair in the range is encoded as '?', as the JDK's encoder does), without the copies.
     */
    static long fnv64(CharSequence s, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = fnv(h, c);
            } else if (c < 0x800) {
                h = fnv(fnv(h, 0xc0 | c >> 6), 0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                h = fnv(fnv(fnv(fnv(h, 0xf0 | cp >> 18), 0x80 | cp >> 12 & 0x3f), 0x80 | cp >> 6 & 0x3f), 0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                h = fnv(h, '?');
            } else {
                h = fnv(fnv(fnv(h, 0xe0 | c >> 12), 0x80 | c >> 6 & 0x3f), 0x80 | c & 0x3f);
            }
        }
        return h;
    }

    private static long fnv(long h, int b) {
        return (h ^ b) * 0x100000001b3L;
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
