package dev.firebreak.names;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Korean names between Hangul and the Latin alphabet, written here because no library on Maven Central covers
 * both systems: ICU's Hangul-Latin follows neither exactly. Syllables are decomposed into their initial, medial
 * and final jamo (Unicode's arithmetic), then romanised by the jamo tables of Revised Romanization (RR, the
 * South's) and McCune–Reischauer (MR, close to the North's official system, diacritics and apostrophes dropped
 * as in passports). Any Latin spelling reduces to a phonetic key that both systems and their common variants
 * share (Jong/Chong, Cheol/Chol/Ch'ol, Un/Eun), so an unseen name matches as well as a known one.
 */
public final class KoreanRomanisation {

    public enum System { REVISED, MCCUNE_REISCHAUER }

    private static final int BASE = 0xAC00;
    private static final int LAST = 0xD7A3;

    // initial consonants ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
    private static final String[] INITIAL_RR = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
            "ch", "k", "t", "p", "h"};
    private static final String[] INITIAL_MR = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch",
            "ch'", "k'", "t'", "p'", "h"};
    // vowels ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
    private static final String[] VOWEL_RR = {"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
            "u", "wo", "we", "wi", "yu", "eu", "ui", "i"};
    private static final String[] VOWEL_MR = {"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo",
            "u", "wo", "we", "wi", "yu", "u", "ui", "i"};
    // finals (none) ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
    private static final String[] FINAL_RR = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
            "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};
    private static final String[] FINAL_MR = FINAL_RR;

    /** Surnames of two syllables; every other Korean surname is one syllable. */
    private static final List<String> TWO_SYLLABLE_SURNAMES = List.of("남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방");

    private KoreanRomanisation() {
    }

    public static boolean isHangul(String text) {
        return text.codePoints().anyMatch(c -> c >= BASE && c <= LAST);
    }

    /** Each Hangul syllable romanised on its own (names are romanised syllable by syllable). */
    public static List<String> syllables(String hangul, System system) {
        List<String> out = new ArrayList<>();
        hangul.codePoints().filter(c -> c >= BASE && c <= LAST).forEach(c -> {
            int index = c - BASE;
            int initial = index / 588;
            int vowel = (index % 588) / 28;
            int fin = index % 28;
            String[] initials = system == System.REVISED ? INITIAL_RR : INITIAL_MR;
            String[] vowels = system == System.REVISED ? VOWEL_RR : VOWEL_MR;
            String[] finals = system == System.REVISED ? FINAL_RR : FINAL_MR;
            out.add(initials[initial] + vowels[vowel] + finals[fin]);
        });
        return out;
    }

    /** A Hangul name as {family, given} in Latin letters (given name syllables hyphenated, as passports do). */
    public static List<String> romanise(String hangulName, System system) {
        String compact = hangulName.replaceAll("\\s+", "");
        int familyLength = TWO_SYLLABLE_SURNAMES.stream().anyMatch(compact::startsWith) ? 2 : 1;
        List<String> syllables = syllables(compact, system);
        if (syllables.size() <= familyLength) {
            return List.of(String.join("", syllables));
        }
        return List.of(String.join("", syllables.subList(0, familyLength)),
                String.join("-", syllables.subList(familyLength, syllables.size())));
    }

    /** The romanisations of a Hangul name by both systems, as written names ("Kim Jong-un", "Kim Chong-un"). */
    public static List<String> variants(String hangulName) {
        List<String> out = new ArrayList<>();
        for (System system : System.values()) {
            List<String> parts = romanise(hangulName, system);
            String written = String.join(" ", parts.stream().map(KoreanRomanisation::capitalise).toList());
            if (!out.contains(written)) {
                out.add(written);
            }
        }
        return out;
    }

    /**
     * The phonetic key of a romanised Korean token: apostrophes, hyphens and vowel-length marks gone, and the
     * differences between RR, MR and common spellings folded (eo/ŏ → o, eu/ŭ → u, initial k/t/p/ch → g/d/b/j,
     * ee → i, oo → u, wu → u (Woo/U), u → o, r before a consonant dropped, r/l/y before i and r/l before y at the start dropped, doubled letters once).
     */
    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NON_LETTER = Pattern.compile("[^a-z]");
    private static final Pattern CODA_R = Pattern.compile("r(?=[^aeiouwy]|$)");
    private static final Pattern DOUBLED = Pattern.compile("(.)\\1+");

    public static String key(String token) {
        String t = NON_LETTER.matcher(MARKS.matcher(Normalizer.normalize(token.toLowerCase(Locale.ROOT),
                Normalizer.Form.NFD)).replaceAll("")).replaceAll("");
        t = t.replace("rh", "r").replace("eo", "o").replace("eu", "u").replace("ee", "i").replace("oo", "u").replace("wu", "u")
                .replace("ea", "o").replace("oi", "oe");
        t = t.replace("tch", "j").replace("ch", "j").replace("sh", "s").replace('u', 'o');
        t = CODA_R.matcher(t).replaceAll("");
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean syllableStart = i == 0 || isVowel(t.charAt(i - 1));
            if (syllableStart) {
                c = switch (c) {
                    case 'k' -> 'g';
                    case 't' -> 'd';
                    case 'p' -> 'b';
                    default -> c;
                };
            }
            key.append(c);
        }
        String k = key.toString();
        if (k.length() >= 2 && (k.startsWith("ri") || k.startsWith("li") || k.startsWith("yi"))) {
            k = k.substring(1);
        } else if (k.length() >= 3 && (k.startsWith("ry") || k.startsWith("ly"))) {
            // the South's initial-sound law writes 류, 려, 룡 without the r: Ryu/Yu, Ryong/Yong
            k = k.substring(1);
        }
        return DOUBLED.matcher(k).replaceAll("$1");
    }

    private static boolean isVowel(char c) {
        return "aeiouwy".indexOf(c) >= 0;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
