package dev.firebreak.names;

import java.util.ArrayList;
import java.util.List;

/**
 * How likely two written names are the same person's (or organisation's) name, with the reasons. Parts are paired
 * best-first regardless of order (family name first or last), each pair as exact, Korean romanisation variant
 * (same phonetic key), initial (a one-letter part and a part it begins; never by similarity), or Jaro–Winkler
 * similarity (only between parts of four letters or more: 0.90 for parts of four or five, 0.84 for longer ones;
 * shorter parts differ in a letter exactly when they are different names: "Min"/"Man", "Yeon"/"Yong"). A name
 * written with a run of parts as one word ("Changho", "Silverstar", "Saifaldin") is also compared with the other
 * written apart, when the joined word is, by its key, a part of the other name; joined forms pair by key only.
 *
 * <p>The score weighs both names. Each part weighs what a match on it proves ({@link TokenWeights}: a very common
 * part such as "Kim" little, a rare one fully). The paired parts' weighted similarity is lowered by what is left
 * unmatched on each side: when one name's parts are all found in the other (a dropped middle name or patronymic),
 * by {@value #MISSING_PART_COST} of the other's unmatched weight share (in screening, a part of the screened name the
 * listed one lacks by {@value #SCREENED_PART_MISSING_COST}: {@link #forScreening}); when both names keep unmatched parts (a wrong part, not a missing one), by each
 * side's share of matched weight, multiplied. An initial covers only its own weight of the part it stands for.
 */
public final class NameMatcher {

    private static final double ROMANISATION = 0.95;
    private static final double INITIAL = 0.8;
    private static final double SPELLING = 0.93;
    /**
     * A word is compared with a run of the other name's parts from this length; the pair scores as a romanisation
     * variant even when the letters are the same (writing parts as one is a variation: "Ma Li" is not quite "Mali").
     */
    static final int MIN_JOINED = 3;
    /**
     * What a part of one name missing from the other costs, per share of that name's weight, when comparing two
     * sources' names of one person (a middle name or patronymic one of them leaves out).
     */
    static final double MISSING_PART_COST = 0.3;
    /**
     * In screening, what a part of the screened (left) name the listed (right) one lacks costs: a part the listed
     * person is not known by. A listed part the screened name lacks costs {@link #MISSING_PART_COST}: lists hold
     * full names with patronymics and second given names that people leave out.
     */
    public static final double SCREENED_PART_MISSING_COST = 0.8;

    /** How much a match on a name part proves, 0..1, by the part's phonetic key. */
    @FunctionalInterface
    public interface TokenWeights {
        double weight(String key);

        /** Every part counts the same. */
        TokenWeights UNIFORM = key -> 1.0;
    }

    /** One paired token and why it scored as it did. */
    public record Pair(String left, String right, double similarity, String how) {
        /** The reason as written in explanations, with the similarity where it is a measured one. */
        public String reason() {
            return how.equals(JARO_WINKLER_HOW) ? String.format("Jaro-Winkler %.2f", similarity) : how;
        }
    }

    static final String JARO_WINKLER_HOW = "Jaro-Winkler";

    /** The score (0..1), the pairs behind it, whether the order differed, and the parts left unmatched on each side. */
    public record Match(double score, List<Pair> pairs, boolean reordered, List<String> unmatchedLeft,
                        List<String> unmatchedRight) {

        public Match {
            unmatchedLeft = List.copyOf(unmatchedLeft);
            unmatchedRight = List.copyOf(unmatchedRight);
        }

        public String explanation() {
            return explanation("first", "second");
        }

        /** Every pair and its reason, then what each side left unmatched, named by the labels given. */
        public String explanation(String leftLabel, String rightLabel) {
            List<String> parts = new ArrayList<>();
            for (Pair pair : pairs) {
                parts.add(pair.left() + " ~ " + pair.right() + " (" + pair.reason() + ")");
            }
            if (reordered) {
                parts.add("token order differs");
            }
            if (!unmatchedLeft.isEmpty()) {
                parts.add("unmatched in the " + leftLabel + " name: " + String.join(", ", unmatchedLeft));
            }
            if (!unmatchedRight.isEmpty()) {
                parts.add("unmatched in the " + rightLabel + " name: " + String.join(", ", unmatchedRight));
            }
            return String.join("; ", parts);
        }
    }

    private static final Match NONE = new Match(0, List.of(), false, List.of(), List.of());

    private final TokenWeights weights;
    private final double leftMissingCost;
    private final double rightMissingCost;

    /** Two sources' names of one person, every part weighing the same; a missing part costs the same on either side. */
    public NameMatcher() {
        this(TokenWeights.UNIFORM);
    }

    /** Two sources' names of one person, parts weighed; a missing part costs the same on either side. */
    public NameMatcher(TokenWeights weights) {
        this(weights, MISSING_PART_COST, MISSING_PART_COST);
    }

    private NameMatcher(TokenWeights weights, double leftMissingCost, double rightMissingCost) {
        this.weights = weights;
        this.leftMissingCost = leftMissingCost;
        this.rightMissingCost = rightMissingCost;
    }

    /**
     * A screened name (left) against listed names (right): a part of the screened name the listed one lacks costs
     * {@value #SCREENED_PART_MISSING_COST} of its share of weight, a listed part the screened name lacks
     * {@value #MISSING_PART_COST}.
     */
    public static NameMatcher forScreening(TokenWeights weights) {
        return new NameMatcher(weights, SCREENED_PART_MISSING_COST, MISSING_PART_COST);
    }

    public Match compare(String a, String b) {
        return compare(PreparedName.of(a), PreparedName.of(b));
    }


    /**
     * One name to be compared with many (a screening query against the listed names): its parts are weighed once.
     * (A memo of part similarities was tried and dropped: the letter-set bound of {@link JaroWinkler} rejects most
     * pairs faster than a map lookup.) Not thread-safe; one per query.
     */
    public final class Batch {
        private final PreparedName query;

        private Batch(PreparedName query) {
            this.query = query.weighedBy == weights ? query : query.weigh(weights);
        }

        public Match compare(PreparedName listed) {
            return NameMatcher.this.compare(query, listed);
        }

        /** The score alone ({@link NameMatcher#score}). */
        public double score(PreparedName listed) {
            return NameMatcher.this.score(query, listed);
        }
    }

    public Batch batch(PreparedName query) {
        return new Batch(query);
    }

    public Match compare(PreparedName a, PreparedName b) {
        return compare(a, b, true);
    }

    /**
     * The score alone, without the pairs and reasons (no objects: a screening scores hundreds of listed names and
     * explains only the best of an entry's).
     */
    public double score(PreparedName a, PreparedName b) {
        return compare(a, b, false).score();
    }

    private Match compare(PreparedName a, PreparedName b, boolean explain) {
        if (a.tokens.isEmpty() || b.tokens.isEmpty()) {
            return NONE;
        }
        int n = a.tokens.size();
        int m = b.tokens.size();
        // the candidate pairs: part with part, and a run of parts written as one word on one side with a part of
        // the same key on the other ("changho" ~ "chang ho", "almajid" ~ "al majid"); as flat arrays, since this
        // runs for every listed name a query meets
        Candidates candidates = new Candidates(n * m + (a.runs.size() * m) + (b.runs.size() * n));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = similarity(a, i, b, j);
                if (s > 0) {
                    candidates.add(i, 1, j, 1, s);
                }
            }
        }
        for (PreparedName.Run r : a.runs) {
            for (int j = 0; j < m; j++) {
                if (b.tokens.get(j).length() >= MIN_JOINED && r.key().equals(b.keys.get(j))) {
                    candidates.add(r.from(), r.length(), j, 1, ROMANISATION);
                }
            }
        }
        for (PreparedName.Run r : b.runs) {
            for (int i = 0; i < n; i++) {
                if (a.tokens.get(i).length() >= MIN_JOINED && r.key().equals(a.keys.get(i))) {
                    candidates.add(i, 1, r.from(), r.length(), ROMANISATION);
                }
            }
        }
        int[] from = candidates.at;
        double[] scores = candidates.score;
        int count = candidates.count;
        double[] wa = weightsOf(a);
        double[] wb = weightsOf(b);
        boolean[] usedLeft = new boolean[n];
        boolean[] usedRight = new boolean[m];
        List<Pair> pairs = new ArrayList<>();
        List<int[]> positions = new ArrayList<>();
        double weightedSimilarity = 0;
        double pairWeights = 0;
        double initialShortfallLeft = 0;
        double initialShortfallRight = 0;
        double[] leftOverride = new double[n];
        double[] rightOverride = new double[m];
        int paired = 0;
        while (true) {
            int best = -1;
            for (int c = 0; c < count; c++) {
                // a word that is a run of the other's parts written as one pairs first (else "al ~ al" would take
                // the "al" of "saif al din" from "saifaldin"); then the most similar pair
                if (free(usedLeft, from[c * 4], from[c * 4 + 1]) && free(usedRight, from[c * 4 + 2], from[c * 4 + 3])
                        && (best < 0 || covered(from, c) > covered(from, best)
                        || (covered(from, c) == covered(from, best) && scores[c] > scores[best]))) {
                    best = c;
                }
            }
            if (best < 0) {
                break;
            }
            int ai = from[best * 4];
            int al = from[best * 4 + 1];
            int bj = from[best * 4 + 2];
            int bl = from[best * 4 + 3];
            double leftWeight = 0;
            double rightWeight = 0;
            for (int i = ai; i < ai + al; i++) {
                usedLeft[i] = true;
                leftWeight += wa[i];
            }
            for (int j = bj; j < bj + bl; j++) {
                usedRight[j] = true;
                rightWeight += wb[j];
            }
            if (al + bl > 2) {
                // a word matching a run of the other's parts proves what the run's parts prove, whatever the word's
                // own (usually unknown, so full) weight: the word's side counts the run's weight, paired and in total
                if (al == 1) {
                    leftOverride[ai] = rightWeight;
                    leftWeight = rightWeight;
                } else {
                    rightOverride[bj] = leftWeight;
                    rightWeight = leftWeight;
                }
            } else if (scores[best] == INITIAL) {
                // an initial proves only its letter: the full part it stands for is covered by that much, no more
                initialShortfallLeft += leftWeight - Math.min(leftWeight, rightWeight);
                initialShortfallRight += rightWeight - Math.min(leftWeight, rightWeight);
                leftWeight = rightWeight = Math.min(leftWeight, rightWeight);
            }
            if (explain) {
                String how = al + bl > 2 ? "written as one" : how(a, ai, b, bj);
                pairs.add(new Pair(String.join(" ", a.tokens.subList(ai, ai + al)),
                        String.join(" ", b.tokens.subList(bj, bj + bl)), scores[best], how));
                positions.add(new int[] {ai, bj});
            }
            paired++;
            double w = (leftWeight + rightWeight) / 2;
            weightedSimilarity += w * scores[best];
            pairWeights += w;
        }
        if (paired == 0) {
            return explain ? new Match(0, List.of(), false, a.tokens, b.tokens) : NONE;
        }
        double leftTotal = 0;
        double leftPaired = 0;
        double rightTotal = 0;
        double rightPaired = 0;
        List<String> unmatchedLeft = explain ? new ArrayList<>() : null;
        List<String> unmatchedRight = explain ? new ArrayList<>() : null;
        boolean leftAllPaired = true;
        boolean rightAllPaired = true;
        for (int i = 0; i < n; i++) {
            double w = leftOverride[i] > 0 ? leftOverride[i] : wa[i];
            leftTotal += w;
            if (usedLeft[i]) {
                leftPaired += w;
            } else {
                leftAllPaired = false;
                if (explain) {
                    unmatchedLeft.add(a.tokens.get(i));
                }
            }
        }
        for (int j = 0; j < m; j++) {
            double w = rightOverride[j] > 0 ? rightOverride[j] : wb[j];
            rightTotal += w;
            if (usedRight[j]) {
                rightPaired += w;
            } else {
                rightAllPaired = false;
                if (explain) {
                    unmatchedRight.add(b.tokens.get(j));
                }
            }
        }
        double similarity = weightedSimilarity / pairWeights;
        double leftCovered = (leftPaired - initialShortfallLeft) / leftTotal;
        double rightCovered = (rightPaired - initialShortfallRight) / rightTotal;
        double score;
        if (leftAllPaired || rightAllPaired) {
            // one name's parts all found in the other: what the other has more is a missing part (a middle name)
            score = similarity * (1 - leftMissingCost * (1 - leftCovered)) * (1 - rightMissingCost * (1 - rightCovered));
        } else {
            // parts unmatched on both sides: a wrong part, which costs its whole share on each side
            score = similarity * leftCovered * rightCovered;
        }
        double rounded = Math.round(score * 1000) / 1000.0;
        if (!explain) {
            return new Match(rounded, List.of(), false, List.of(), List.of());
        }
        boolean reordered = false;
        for (int x = 0; x < positions.size(); x++) {
            for (int y = x + 1; y < positions.size(); y++) {
                if (Integer.compare(positions.get(x)[0], positions.get(y)[0])
                        != Integer.compare(positions.get(x)[1], positions.get(y)[1])) {
                    reordered = true;
                }
            }
        }
        return new Match(rounded, pairs, reordered, unmatchedLeft, unmatchedRight);
    }

    /** Candidate pairs as flat arrays: left start, left length, right start, right length; and the similarity. */
    private static final class Candidates {
        final int[] at;
        final double[] score;
        int count;

        Candidates(int capacity) {
            at = new int[capacity * 4];
            score = new double[capacity];
        }

        void add(int leftFrom, int leftLength, int rightFrom, int rightLength, double similarity) {
            at[count * 4] = leftFrom;
            at[count * 4 + 1] = leftLength;
            at[count * 4 + 2] = rightFrom;
            at[count * 4 + 3] = rightLength;
            score[count++] = similarity;
        }
    }

    private static int covered(int[] from, int candidate) {
        return from[candidate * 4 + 1] + from[candidate * 4 + 3];
    }

    /** A name's parts' weights: computed once where the name was weighed by this matcher's weights. */
    private double[] weightsOf(PreparedName name) {
        if (name.weighedBy == weights) {
            return name.weights;
        }
        double[] w = new double[name.keys.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.weight(name.keys.get(i));
        }
        return w;
    }

    private static boolean free(boolean[] used, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (used[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A pair's similarity, or 0 where the two parts do not pair at all. Jaro–Winkler only between parts of four
     * letters or more whose lengths differ by at most a quarter (one letter for parts under eight: "Viktor" is not
     * "Viktoria", "Jian" not "Jianhua", "Abdul" not "Abdullah"), at 0.90 for parts of four or five letters and 0.84
     * for longer ones. Parts of three letters or more with the same {@link Spelling#fold} are a spelling variant.
     */
    private static double similarity(PreparedName left, int i, PreparedName right, int j) {
        String a = left.tokens.get(i);
        String b = right.tokens.get(j);
        if (a.equals(b)) {
            return 1.0;
        }
        if (a.length() == 1 || b.length() == 1) {
            // a one-letter part is an initial: it pairs with a part it begins, never by similarity; or a one-letter
            // syllable (Korean U, O, I) written longer (Woo, Oh, Lee), by key
            if ((a.length() == 1 && b.startsWith(a)) || (b.length() == 1 && a.startsWith(b))) {
                return INITIAL;
            }
            return Math.max(a.length(), b.length()) <= 3 && left.keys.get(i).equals(right.keys.get(j)) ? ROMANISATION : 0;
        }
        if (left.keys.get(i).equals(right.keys.get(j))) {
            return ROMANISATION;
        }
        int shorter = Math.min(a.length(), b.length());
        if (shorter >= 3 && left.folds.get(i).equals(right.folds.get(j))) {
            return SPELLING;
        }
        if (shorter < 4 || Math.abs(a.length() - b.length()) > Math.max(1, shorter / 4)) {
            return 0;
        }
        double minimum = shorter <= 5 ? 0.90 : 0.84;
        double jw = JaroWinkler.similarityIfAtLeastBoost(a, b);
        return jw >= minimum ? jw : 0;
    }

    private static String how(PreparedName left, int i, PreparedName right, int j) {
        String a = left.tokens.get(i);
        String b = right.tokens.get(j);
        if (a.equals(b)) {
            return "exact";
        }
        if ((a.length() == 1 && b.startsWith(a)) || (b.length() == 1 && a.startsWith(b))) {
            return "initial";
        }
        if (left.keys.get(i).equals(right.keys.get(j))) {
            return "romanisation variant";
        }
        return a.length() >= 3 && b.length() >= 3 && left.folds.get(i).equals(right.folds.get(j)) ? "spelling variant"
                : JARO_WINKLER_HOW;
    }
}
