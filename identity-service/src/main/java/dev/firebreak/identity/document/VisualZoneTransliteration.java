package dev.firebreak.identity.document;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a visual-zone name with its MRZ form under ICAO Doc 9303 Part 3 transliteration: national
 * characters with two accepted forms (Ä → AE or A, Ö → OE or O, Ü → UE or U, Å → AA or A, Ø → OE or O),
 * fixed expansions (ß → SS, Æ → AE, Œ → OE, Þ → TH, Ĳ → IJ), other diacritics dropped, spaces and hyphens
 * as '<', apostrophes omitted. An MRZ name truncated to its field still agrees with its prefix.
 */
public final class VisualZoneTransliteration {

    private static final Map<Character, String> ALTERNATIVES = Map.ofEntries(
            Map.entry('Ä', "(?:AE|A)"), Map.entry('Ö', "(?:OE|O)"), Map.entry('Ü', "(?:UE|UXX|U)"),
            Map.entry('Å', "(?:AA|A)"), Map.entry('Ø', "(?:OE|O)"), Map.entry('ß', "SS"), Map.entry('Æ', "AE"),
            Map.entry('Œ', "OE"), Map.entry('Þ', "TH"), Map.entry('Ĳ', "IJ"), Map.entry('Ð', "D"), Map.entry('Ł', "L"),
            Map.entry('Ħ', "H"), Map.entry('Đ', "D"), Map.entry('Ŋ', "N"), Map.entry('Ŧ', "T"), Map.entry('ı', "I"));

    private VisualZoneTransliteration() {
    }

    /**
     * @param visual   the name as printed (any case, diacritics, spaces, hyphens)
     * @param mrzName  the MRZ name part with fillers as spaces (as {@link Mrz} returns it)
     * @param truncated whether the MRZ name field was full, so that the name may have been cut
     */
    public static boolean agrees(String visual, String mrzName, boolean truncated) {
        Matcher matcher = Pattern.compile(pattern(visual)).matcher(mrzName.strip().replace(' ', '<'));
        if (matcher.matches()) {
            return true;
        }
        // a failed match that ran out of input means the MRZ form is a prefix of an accepted form
        return truncated && matcher.hitEnd();
    }

    static String pattern(String visual) {
        StringBuilder regex = new StringBuilder();
        for (char raw : visual.strip().toUpperCase(Locale.ROOT).toCharArray()) {
            char c = raw == 'ẞ' ? 'ß' : raw;
            String alternative = ALTERNATIVES.get(c);
            if (alternative == null && c != 'ß') {
                alternative = ALTERNATIVES.get(Character.toUpperCase(c));
            }
            if (alternative != null) {
                regex.append(alternative);
            } else if (c == ' ' || c == '-' || c == ',') {
                regex.append("<+");
            } else if (c == '\'' || c == '’' || c == '.') {
                regex.append("");
            } else {
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                for (char b : base.toCharArray()) {
                    if (b >= 'A' && b <= 'Z') {
                        regex.append(b);
                    } else if (b >= '0' && b <= '9') {
                        regex.append(b);
                    }
                }
            }
        }
        return regex.toString();
    }
}
