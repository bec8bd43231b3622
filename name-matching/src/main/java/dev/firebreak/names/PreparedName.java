package dev.firebreak.names;

import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A name tokenised once, with each part's phonetic key and Double Metaphone code, the runs of two or three adjacent
 * parts written as one word ("Chang Ho" / "Changho", "Al Majid" / "Almajid") and the keys that find it in an index,
 * so that comparing it with many others (a list of 30,000 names) costs no transliteration and no key computation.
 */
public final class PreparedName {

    /** Runs of up to this many adjacent parts are also compared written as one word. */
    static final int LONGEST_RUN = 3;
    private static final DoubleMetaphone PHONETIC = new DoubleMetaphone();

    /** A run of adjacent parts written as one word: where it starts, how many parts, the word and its key. */
    record Run(int from, int length, String text, String key) {
    }

    final String written;
    final List<String> tokens;
    final List<String> keys;
    /** Each part's Double Metaphone code (empty for parts under four letters). */
    final List<String> codes;
    /** Each part's {@link Spelling#fold}. */
    final List<String> folds;
    final List<Run> runs = new ArrayList<>();
    /** Each part's weight by {@link #weighedBy}, computed once ({@link #weigh}); null until then. */
    double[] weights;
    NameMatcher.TokenWeights weighedBy;

    private PreparedName(String written, List<String> tokens) {
        this.written = written;
        this.tokens = List.copyOf(tokens);
        this.keys = tokens.stream().map(KoreanRomanisation::key).toList();
        this.folds = tokens.stream().map(Spelling::fold).toList();
        this.codes = tokens.stream().map(t -> {
            String code = t.length() < 4 ? null : PHONETIC.doubleMetaphone(t);
            return code == null ? "" : code;
        }).toList();
        for (int length = 2; length <= LONGEST_RUN; length++) {
            for (int i = 0; i + length <= tokens.size(); i++) {
                String text = String.join("", tokens.subList(i, i + length));
                runs.add(new Run(i, length, text, KoreanRomanisation.key(text)));
            }
        }
    }

    /**
     * Computes the parts' weights once, for a matcher weighing by {@code by} (a listed name is compared with
     * thousands of queries; the weights are a table lookup and a logarithm each). Call before the name is shared
     * between threads.
     */
    public PreparedName weigh(NameMatcher.TokenWeights by) {
        double[] w = new double[keys.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = by.weight(keys.get(i));
        }
        weights = w;
        weighedBy = by;
        return this;
    }

    public static PreparedName of(String name) {
        return new PreparedName(name, NameNormaliser.tokens(name));
    }

    public String written() {
        return written;
    }

    public List<String> tokens() {
        return tokens;
    }

    /** The phonetic keys of the tokens as written. */
    public List<String> tokenKeys() {
        return keys;
    }

    /**
     * What finds the name's part {@code i} in an index: its key, its spelling fold (parts of three letters or more)
     * and its Double Metaphone code (four or more) (spellings the key does not fold, "Tariq"/"Tarik",
     * "Mbaruchimana"/"Mbarushimana").
     */
    public List<String> blockingKeys(int i) {
        List<String> out = new ArrayList<>(3);
        out.add(keys.get(i));
        if (tokens.get(i).length() >= 3) {
            out.add("=" + folds.get(i));
        }
        if (!codes.get(i).isEmpty()) {
            out.add("~" + codes.get(i));
        }
        return out;
    }

    /** The runs of adjacent parts written as one: for each, its first part and how many parts it joins. */
    public List<int[]> joinedRuns() {
        return runs.stream().map(r -> new int[] {r.from(), r.length()}).toList();
    }

    /** The keys of {@link #joinedRuns()}, in the same order. */
    public List<String> joinedKeys() {
        return runs.stream().map(Run::key).toList();
    }

    /** Every key an index should hold for this name: parts' keys and codes, and joined runs' keys. */
    public Set<String> indexKeys() {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            out.addAll(blockingKeys(i));
        }
        out.addAll(joinedKeys());
        return out;
    }
}
