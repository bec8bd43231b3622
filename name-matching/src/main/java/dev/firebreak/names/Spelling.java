package dev.firebreak.names;

import java.util.regex.Pattern;

/**
 * The spelling differences transliterations of one name make in the Latin alphabet (Arabic, Persian, Cyrillic,
 * African names; Korean ones are the romanisation key's), folded: y and i, w and v, kh and h, ph and f, q and k, ck
 * and k, ou/oo and u, ee/ie and i, dzh and j, x and ks, a final -off and -ov, doubled letters once. Two parts with the
 * same fold are one name spelled two ways ("Yevgeniy"/"Yevgeny", "Tariq"/"Tarik", "Mikhail"/"Mihail",
 * "Willy"/"Villy"). Written here: phonetic encoders (Double Metaphone, Beider–Morse) drop vowels or return many
 * codes, and fold far more than spelling, so they serve to find candidates, not to pair parts.
 */
final class Spelling {

    private static final Pattern DOUBLED = Pattern.compile("(.)\\1+");

    private Spelling() {
    }

    static String fold(String token) {
        String t = token.replace("dzh", "j").replace("kh", "h").replace("ph", "f").replace("ck", "k")
                .replace('q', 'k').replace("x", "ks").replace("ou", "u").replace("oo", "u").replace("ee", "i")
                .replace("ie", "i").replace('y', 'i').replace('w', 'v');
        if (t.endsWith("off")) {
            t = t.substring(0, t.length() - 3) + "ov";
        }
        return DOUBLED.matcher(t).replaceAll("$1");
    }
}
