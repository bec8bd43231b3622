package dev.firebreak.identity;

import dev.firebreak.identity.document.VisualZoneTransliteration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The transliteration's matcher (units and dynamic programming) answers as the regular expression it replaced, on
 * short names and MRZ forms where the expression is quick: the old form is kept here as the oracle.
 */
class VisualZoneEquivalenceTest {

    @Property(tries = 3000)
    void theMatcherAgreesWithTheRegularExpression(@ForAll("names") String visual, @ForAll("mrzForms") String mrz,
                                                  @ForAll boolean truncated) {
        assertEquals(oracle(visual, mrz, truncated), VisualZoneTransliteration.agrees(visual, mrz, truncated),
                visual + " / " + mrz + " / " + truncated);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("AÄÖÜßÆBEO -',é").ofMinLength(1).ofMaxLength(7)
                .filter(s -> !s.isBlank());
    }

    @Provide
    Arbitrary<String> mrzForms() {
        return Arbitraries.strings().withChars("AEOUXSB <").ofMinLength(0).ofMaxLength(9);
    }

    private static final Map<Character, String> ALTERNATIVES = Map.ofEntries(
            Map.entry('Ä', "(?:AE|A)"), Map.entry('Ö', "(?:OE|O)"), Map.entry('Ü', "(?:UE|UXX|U)"),
            Map.entry('Å', "(?:AA|A)"), Map.entry('Ø', "(?:OE|O)"), Map.entry('ß', "SS"), Map.entry('Æ', "AE"),
            Map.entry('Œ', "OE"), Map.entry('Þ', "TH"), Map.entry('Ĳ', "IJ"), Map.entry('Ð', "D"), Map.entry('Ł', "L"),
            Map.entry('Ħ', "H"), Map.entry('Đ', "D"), Map.entry('Ŋ', "N"), Map.entry('Ŧ', "T"), Map.entry('ı', "I"));

    private static boolean oracle(String visual, String mrzName, boolean truncated) {
        Matcher matcher = Pattern.compile(pattern(visual)).matcher(mrzName.strip().replace(' ', '<'));
        if (matcher.matches()) {
            return true;
        }
        return truncated && matcher.hitEnd();
    }

    private static String pattern(String visual) {
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
            } else if (c != '\'' && c != '’' && c != '.') {
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                for (char b : base.toCharArray()) {
                    if (b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
                        regex.append(b);
                    }
                }
            }
        }
        return regex.toString();
    }
}
