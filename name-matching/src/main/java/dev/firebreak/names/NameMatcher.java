package dev.firebreak.names;

import java.util.ArrayList;
import java.util.List;

/**
 * How likely two written names are the same person's name, with the reasons: tokens are paired best-first
 * regardless of order (family name first or last), each pair scored as exact, Korean romanisation variant,
 * initial, or Jaro–Winkler similarity. When every part of the shorter name (two parts or more) is found, the score
 * is the pairs' mean lowered a little for the parts missing (a middle name, a patronymic); otherwise the paired
 * similarity over the longer name's parts, so a wrong part costs more than a missing one. Hyphenated or split given names ("Jong-un", "Jong Un",
 * "Jongun") are compared joined as well.
 */
public final class NameMatcher {

    private static final double ROMANISATION = 0.95;
    private static final double INITIAL = 0.8;
    private static final double MIN_PAIR = 0.7;

    /** One paired token and why it scored as it did. */
    public record Pair(String left, String right, double similarity, String how) {
        /** The reason as written in explanations, with the similarity where it is a measured one. */
        public String reason() {
            return how.equals(JARO_WINKLER_HOW) ? String.format("Jaro-Winkler %.2f", similarity) : how;
        }
    }

    static final String JARO_WINKLER_HOW = "Jaro-Winkler";

    /** The score (0..1), the pairs behind it, and whether the order of the tokens differed. */
    public record Match(double score, List<Pair> pairs, boolean reordered) {
        public String explanation() {
            List<String> parts = new ArrayList<>();
            for (Pair pair : pairs) {
                parts.add(pair.left() + " ~ " + pair.right() + " (" + pair.reason() + ")");
            }
            if (reordered) {
                parts.add("token order differs");
            }
            return String.join("; ", parts);
        }
    }

    public Match compare(String a, String b) {
        return compare(PreparedName.of(a), PreparedName.of(b));
    }

    public Match compare(PreparedName a, PreparedName b) {
        return compare(a, b, null);
    }

    /**
     * One name to be compared with many (a screening query against the listed names): the token similarities it
     * computes are remembered for the names after, which share many tokens. Not thread-safe; one per query.
     */
    public static final class Batch {
        private final PreparedName query;
        private final java.util.Map<String, java.util.Map<String, Double>> similarity = new java.util.HashMap<>();

        private Batch(PreparedName query) {
            this.query = query;
        }

        public Match compare(PreparedName listed) {
            return NameMatcher.compare(query, listed, this);
        }

        double jaroWinkler(String a, String b) {
            java.util.Map<String, Double> ofA = similarity.get(a);
            if (ofA == null) {
                ofA = new java.util.HashMap<>();
                similarity.put(a, ofA);
            }
            Double known = ofA.get(b);
            if (known == null) {
                known = JaroWinkler.similarityIfAtLeastBoost(a, b);
                ofA.put(b, known);
            }
            return known;
        }
    }

    public Batch batch(PreparedName query) {
        return new Batch(query);
    }

    private static Match compare(PreparedName a, PreparedName b, Batch memo) {
        if (a.tokens().isEmpty() || b.tokens().isEmpty()) {
            return new Match(0, List.of(), false);
        }
        Match best = pair(a.forms.getFirst(), a.keys.getFirst(), b.forms.getFirst(), b.keys.getFirst(), MIN_PAIR, memo);
        if (best.score() >= 1.0) {
            return best;
        }
        // a given name written split on one side and joined on the other ("Jong Un" / "Jongun"): each joined form
        // of one side against the other as written; a joined name counts only where it is the same name, not
        // merely similar letters
        // (joining makes a side one part shorter, so only the side with more parts is joined, or both when the
        // counts are equal and the names short)
        int aParts = a.tokens().size();
        int bParts = b.tokens().size();
        // A joined form is tried only where its joined token is, by its key, a token of the other side (or the
        // other side's joined token): otherwise it cannot pair, and trying it would only cost time.
        if (aParts > bParts) {
            for (int i = 1; i < a.forms.size(); i++) {
                if (b.tokenKeySet.contains(a.joinedKeys.get(i - 1))) {
                    best = better(best, pair(a.forms.get(i), a.keys.get(i), b.forms.getFirst(), b.keys.getFirst(), ROMANISATION, memo));
                }
            }
        } else if (bParts > aParts) {
            for (int j = 1; j < b.forms.size(); j++) {
                if (a.tokenKeySet.contains(b.joinedKeys.get(j - 1))) {
                    best = better(best, pair(a.forms.getFirst(), a.keys.getFirst(), b.forms.get(j), b.keys.get(j), ROMANISATION, memo));
                }
            }
        } else if (aParts <= 4) {
            for (int i = 1; i < a.forms.size(); i++) {
                for (int j = 1; j < b.forms.size(); j++) {
                    if (a.joinedKeys.get(i - 1).equals(b.joinedKeys.get(j - 1)) || JaroWinkler.similarityIfAtLeastBoost(
                            a.forms.get(i).get(i - 1), b.forms.get(j).get(j - 1)) >= ROMANISATION) {
                        best = better(best, pair(a.forms.get(i), a.keys.get(i), b.forms.get(j), b.keys.get(j), ROMANISATION, memo));
                    }
                }
            }
        }
        return best;
    }

    private static Match better(Match best, Match candidate) {
        return candidate.score() > best.score() ? candidate : best;
    }

    private static Match pair(List<String> left, List<String> leftKeys, List<String> right, List<String> rightKeys,
                              double minimum, Batch memo) {
        boolean[] usedRight = new boolean[right.size()];
        boolean[] usedLeft = new boolean[left.size()];
        // every token pair is scored once, as a number (no objects: this runs for every listed name a query meets);
        // the greedy rounds below only pick from the matrix, and only the chosen pairs become Pair records
        double[][] scored = new double[left.size()][right.size()];
        for (int i = 0; i < left.size(); i++) {
            for (int j = 0; j < right.size(); j++) {
                scored[i][j] = similarity(left.get(i), leftKeys.get(i), right.get(j), rightKeys.get(j), minimum, memo);
            }
        }
        List<Pair> pairs = new ArrayList<>();
        List<int[]> positions = new ArrayList<>();
        while (true) {
            double bestSimilarity = -1;
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < left.size(); i++) {
                if (usedLeft[i]) {
                    continue;
                }
                for (int j = 0; j < right.size(); j++) {
                    if (!usedRight[j] && scored[i][j] > bestSimilarity) {
                        bestSimilarity = scored[i][j];
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bi < 0 || bestSimilarity < minimum) {
                break;
            }
            usedLeft[bi] = true;
            usedRight[bj] = true;
            pairs.add(score(left.get(bi), leftKeys.get(bi), right.get(bj), rightKeys.get(bj), minimum, memo));
            positions.add(new int[] {bi, bj});
        }
        double sum = pairs.stream().mapToDouble(Pair::similarity).sum();
        int shorter = Math.min(left.size(), right.size());
        int longer = Math.max(left.size(), right.size());
        // every part of a name of two or more parts found in the other (a middle name or patronymic left out):
        // the pairs' mean, lowered a little for what is missing; otherwise unmatched parts count as zero
        double score = pairs.size() == shorter && shorter >= 2
                ? sum / shorter * (0.9 + 0.1 * shorter / longer)
                : sum / longer;
        boolean reordered = false;
        for (int x = 0; x < positions.size(); x++) {
            for (int y = x + 1; y < positions.size(); y++) {
                if (Integer.compare(positions.get(x)[0], positions.get(y)[0])
                        != Integer.compare(positions.get(x)[1], positions.get(y)[1])) {
                    reordered = true;
                }
            }
        }
        return new Match(Math.round(score * 1000) / 1000.0, pairs, reordered);
    }

    /** A pair's similarity as {@link #score} gives it, or -1 where that gives null. */
    private static double similarity(String a, String aKey, String b, String bKey, double minimum, Batch memo) {
        if (a.equals(b)) {
            return 1.0;
        }
        if ((a.length() == 1 && b.startsWith(a)) || (b.length() == 1 && a.startsWith(b))) {
            return INITIAL;
        }
        if (a.length() > 1 && b.length() > 1 && aKey.equals(bKey)) {
            return ROMANISATION;
        }
        if (minimum > ROMANISATION) {
            return -1;
        }
        double jw = memo == null ? JaroWinkler.similarityIfAtLeastBoost(a, b) : memo.jaroWinkler(a, b);
        return jw < minimum ? -1 : jw;
    }

    /** A pair's similarity, or null when it cannot reach {@code minimum} (Jaro–Winkler is skipped then). */
    private static Pair score(String a, String aKey, String b, String bKey, double minimum, Batch memo) {
        if (a.equals(b)) {
            return new Pair(a, b, 1.0, "exact");
        }
        if ((a.length() == 1 && b.startsWith(a)) || (b.length() == 1 && a.startsWith(b))) {
            return new Pair(a, b, INITIAL, "initial");
        }
        if (a.length() > 1 && b.length() > 1 && aKey.equals(bKey)) {
            return new Pair(a, b, ROMANISATION, "romanisation variant");
        }
        if (minimum > ROMANISATION) {
            return null;
        }
        // below 0.7 the exact value is never used (MIN_PAIR is the lowest minimum), so hopeless pairs are cut short
        double jw = memo == null ? JaroWinkler.similarityIfAtLeastBoost(a, b) : memo.jaroWinkler(a, b);
        return jw < minimum ? null : new Pair(a, b, jw, JARO_WINKLER_HOW);
    }
}
