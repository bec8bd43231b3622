package dev.firebreak.names;

import java.util.ArrayList;
import java.util.List;

/**
 * A name tokenised once, with each token's phonetic key and the forms with adjacent tokens joined, so that
 * comparing it with many others (a list of 30,000 names) costs no transliteration and no key computation.
 */
public final class PreparedName {

    final String written;
    final List<List<String>> forms;
    final List<List<String>> keys;

    private PreparedName(String written, List<String> tokens) {
        this.written = written;
        this.forms = new ArrayList<>();
        this.forms.add(tokens);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            List<String> joined = new ArrayList<>(tokens.subList(0, i));
            joined.add(tokens.get(i) + tokens.get(i + 1));
            joined.addAll(tokens.subList(i + 2, tokens.size()));
            forms.add(joined);
        }
        this.keys = forms.stream().map(f -> f.stream().map(KoreanRomanisation::key).toList()).toList();
        this.tokenKeySet = java.util.Set.copyOf(keys.getFirst());
        this.joinedKeys = new ArrayList<>();
        for (int i = 1; i < forms.size(); i++) {
            joinedKeys.add(keys.get(i).get(i - 1));
        }
    }

    final java.util.Set<String> tokenKeySet;
    /** The key of the joined token of form {@code i + 1} (tokens i and i+1 written as one). */
    final List<String> joinedKeys;

    public static PreparedName of(String name) {
        return new PreparedName(name, NameNormaliser.tokens(name));
    }

    public String written() {
        return written;
    }

    public List<String> tokens() {
        return forms.getFirst();
    }

    /** The phonetic keys of the tokens as written. */
    public List<String> tokenKeys() {
        return keys.getFirst();
    }
}
