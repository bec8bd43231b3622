package dev.firebreak.identity.document;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a visual-zone name with its MRZ form under ICAO Doc 9303 Part 3 transliteration: national
 * characters with two accepted forms (Ä → AE or A, Ö → OE or O, Ü → UE or U, Å → AA or A, Ø → OE or O),
 * fixed expansions (ß → SS, Æ → AE, Œ → OE, Þ → TH, Ĳ → IJ), other diacritics dropped, spaces and hyphens
 * as '<', apostrophes omitted. An MRZ name truncated to its field still agrees with its prefix.
 * <p>
 * The name becomes a sequence of units (a character's accepted forms, or a run of one or more '<'), and the MRZ
 * form is matched against it by dynamic programming over (unit, position): time proportional to the name's length
 * times the MRZ form's (times the few forms of a character), whatever the input. (It was a regular expression built from the name, which backtracked
 * exponentially on a run of separators against a long run of fillers.)
 */
public final class VisualZoneTransliteration {

    private static final Map<Character, String[]> ALTERNATIVES = Map.ofEntries(
            Map.entry('Ä', new String[] {"AE", "A"}), Map.entry('Ö', new String[] {"OE", "O"}),
            Map.entry('Ü', new String[] {"UE", "UXX", "U"}), Map.entry('Å', new String[] {"AA", "A"}),
            Map.entry('Ø', new String[] {"OE", "O"}), Map.entry('ß', new String[] {"SS"}),
            Map.entry('Æ', new String[] {"AE"}), Map.entry('Œ', new String[] {"OE"}), Map.entry('Þ', new String[] {"TH"}),
            Map.entry('Ĳ', new String[] {"IJ"}), Map.entry('Ð', new String[] {"D"}), Map.entry('Ł', new String[] {"L"}),
            Map.entry('Ħ', new String[] {"H"}), Map.entry('Đ', new String[] {"D"}), Map.entry('Ŋ', new String[] {"N"}),
            Map.entry('Ŧ', new String[] {"T"}), Map.entry('ı', new String[] {"I"}));

    /** A run of one or more fillers. */
    private static final String[] SEPARATOR = new String[0];

    private VisualZoneTransliteration() {
    }

    /**
     * @param visual   the name as printed (any case, diacritics, spaces, hyphens)
     * @param mrzName  the MRZ name part with fillers as spaces (as {@link Mrz} returns it)
     * @param truncated whether the MRZ name field was full, so that the name may have been cut
     */
    public static boolean agrees(String visual, String mrzName, boolean truncated) {
        List<String[]> units = units(visual);
        String mrz = mrzName.strip().replace(' ', '<');
        int n = mrz.length();
        // reached[i][j]: the first i units produce exactly mrz[0, j)
        boolean[][] reached = new boolean[units.size() + 1][n + 1];
        reached[0][0] = true;
        boolean prefix = false; // the MRZ form ends inside an accepted form: a truncated name agrees
        for (int i = 0; i < units.size(); i++) {
            String[] unit = units.get(i);
            for (int j = 0; j <= n; j++) {
                if (unit == SEPARATOR && j < n && reached[i + 1][j] && j > 0 && mrz.charAt(j) == '<') {
                    reached[i + 1][j + 1] = true; // the run goes on
                }
                if (!reached[i][j]) {
                    continue;
                }
                if (j == n) {
                    prefix = true;
                    continue;
                }
                if (unit == SEPARATOR) {
                    // one filler from here, or one more after a run this unit already covers (j ascends)
                    if (mrz.charAt(j) == '<') {
                        reached[i + 1][j + 1] = true;
                    }
                    continue;
                }
                for (String form : unit) {
                    if (mrz.startsWith(form, j)) {
                        reached[i + 1][j + form.length()] = true;
                    } else if (form.startsWith(mrz.substring(j))) {
                        prefix = true;
                    }
                }
            }
        }
        return reached[units.size()][n] || truncated && prefix;
    }

    /** The name as units: each character's accepted forms, a separator run, nothing for what the MRZ omits. */
    static List<String[]> units(String visual) {
        List<String[]> units = new ArrayList<>();
        for (char raw : visual.strip().toUpperCase(Locale.ROOT).toCharArray()) {
            char c = raw == 'ẞ' ? 'ß' : raw;
            String[] alternatives = ALTERNATIVES.get(c);
            if (alternatives == null && c != 'ß') {
                alternatives = ALTERNATIVES.get(Character.toUpperCase(c));
            }
            if (alternatives != null) {
                units.add(alternatives);
            } else if (c == ' ' || c == '-' || c == ',') {
                units.add(SEPARATOR);
            } else if (c != '\'' && c != '’' && c != '.') {
                String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                for (char b : base.toCharArray()) {
                    if (b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
                        units.add(new String[] {String.valueOf(b)});
                    }
                }
            }
        }
        return units;
    }
}
