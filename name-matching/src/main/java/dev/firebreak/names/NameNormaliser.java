package dev.firebreak.names;

import com.ibm.icu.text.Transliterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names to comparable tokens: Unicode normalisation and transliteration of any script to Latin (ICU4J's
 * Any-Latin then Latin-ASCII: Cyrillic, Han, Arabic, …), Hangul by {@link KoreanRomanisation} instead, lower
 * case, titles and honorifics dropped, organisations' legal forms abbreviated, apostrophes removed, hyphens and
 * commas as separators.
 */
public final class NameNormaliser {

    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam",
            "jr", "sr", "ii", "iii", "phd", "mister", "dame", "lord", "lady");

    /**
     * Legal forms of organisations written out, to the abbreviation the lists use most ("Corporation" / "Corp"):
     * one company's name is written both ways.
     */
    private static final Map<String, String> LEGAL_FORMS = Map.ofEntries(
            Map.entry("corporation", "corp"), Map.entry("company", "co"),
            Map.entry("limited", "ltd"), Map.entry("incorporated", "inc"),
            Map.entry("international", "intl"), Map.entry("aktiengesellschaft", "ag"),
            Map.entry("gesellschaft", "ges"), Map.entry("sociedad", "soc"),
            Map.entry("societe", "soc"));

    // ICU transliterators are not documented as thread-safe: one per thread
    private static final ThreadLocal<Transliterator> TO_LATIN = ThreadLocal.withInitial(() ->
            Transliterator.getInstance("Any-Latin; Latin-ASCII; Lower"));

    private static final Pattern APOSTROPHES = Pattern.compile("['’ʼ‘`]");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

    private NameNormaliser() {
    }

    /** The tokens of a name, in their written order. */
    public static List<String> tokens(String name) {
        if (name == null || name.isBlank()) {
            return List.of();
        }
        String latin;
        if (name.chars().allMatch(c -> c < 128)) {
            // plain ASCII (most queries): nothing to transliterate, and ICU costs tens of microseconds a call
            latin = name;
        } else if (KoreanRomanisation.isHangul(name)) {
            List<String> parts = new ArrayList<>();
            for (String word : name.strip().split("\\s+")) {
                parts.addAll(KoreanRomanisation.isHangul(word)
                        ? KoreanRomanisation.romanise(word, KoreanRomanisation.System.REVISED) : List.of(word));
            }
            latin = TO_LATIN.get().transliterate(String.join(" ", parts));
        } else {
            latin = TO_LATIN.get().transliterate(name);
        }
        List<String> tokens = new ArrayList<>();
        // apostrophes mark aspiration or a vowel in romanised names (Ch'ol, Cho'ng): part of the word, not a break
        String joined = APOSTROPHES.matcher(latin.toLowerCase(Locale.ROOT)).replaceAll("");
        for (String token : SEPARATORS.split(joined)) {
            if (!token.isEmpty() && !TITLES.contains(token)) {
                tokens.add(LEGAL_FORMS.getOrDefault(token, token));
            }
        }
        return tokens;
    }
}
