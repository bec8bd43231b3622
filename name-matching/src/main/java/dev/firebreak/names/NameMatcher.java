package dev.firebreak.names;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;

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

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final double ROMANISATION = 0.95;
    private static final double INITIAL = 0.8;
    private static final double MIN_PAIR = 0.7;

    /** One paired token and why it scored as it did. */
    public record Pair(String left, String right, double similarity, String how) {
    }

    /** The score (0..1), the pairs behind it, and whether the order of the tokens differed. */
    public record Match(double score, List<Pair> pairs, boolean reordered) {
        public String explanation() {
            List<String> parts = new ArrayList<>();
            for (Pair pair : pairs) {
                parts.add(pair.left() + " ~ " + pair.right() + " (" + pair.how() + ")");
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
        if (a.tokens().isEmpty() || b.tokens().isEmpty()) {
            return new Match(0, List.of(), false);
        }
        Match best = pair(a.forms.getFirst(), a.keys.getFirst(), b.forms.getFirst(), b.keys.getFirst(), MIN_PAIR);
        for (int i = 0; i < a.forms.size(); i++) {
            for (int j = 0; j < b.forms.size(); j++) {
                if (i == 0 && j == 0) {
                    continue;
                }
                // a joined given name counts only where it is the same name, not merely similar letters
                Match candidate = pair(a.forms.get(i), a.keys.get(i), b.forms.get(j), b.keys.get(j), ROMANISATION);
                if (candidate.score() > best.score()) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    private static Match pair(List<String> left, List<String> leftKeys, List<String> right, List<String> rightKeys,
                              double minimum) {
        boolean[] usedRight = new boolean[right.size()];
        boolean[] usedLeft = new boolean[left.size()];
        List<Pair> pairs = new ArrayList<>();
        List<int[]> positions = new ArrayList<>();
        while (true) {
            Pair bestPair = null;
            int bi = -1;
            int bj = -1;
            for (int i = 0; i < left.size(); i++) {
                if (usedLeft[i]) {
                    continue;
                }
                for (int j = 0; j < right.size(); j++) {
                    if (usedRight[j]) {
                        continue;
                    }
                    Pair p = score(left.get(i), leftKeys.get(i), right.get(j), rightKeys.get(j), minimum);
                    if (p != null && (bestPair == null || p.similarity() > bestPair.similarity())) {
                        bestPair = p;
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bestPair == null || bestPair.similarity() < minimum) {
                break;
            }
            usedLeft[bi] = true;
            usedRight[bj] = true;
            pairs.add(bestPair);
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

    /** A pair's similarity, or null when it cannot reach {@code minimum} (Jaro–Winkler is skipped then). */
    private static Pair score(String a, String aKey, String b, String bKey, double minimum) {
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
        double jw = JARO_WINKLER.apply(a, b);
        return jw < minimum ? null : new Pair(a, b, jw, String.format("Jaro-Winkler %.2f", jw));
    }
}
