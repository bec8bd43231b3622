package dev.firebreak.identity.quality;

import dev.firebreak.identity.watchlist.WatchlistEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways a listed person's or entity's name reaches a screening when they are not trying to be found, generated
 * from the listed primary name: the name as listed, the family name moved (order swap), given-name parts joined and
 * split, another romanisation (Korean names between McCune–Reischauer, Revised Romanization and the spellings
 * passports use; other names by one common transliteration difference), and a dropped middle name. The positive
 * half of the screening evaluation. A variant equal to an earlier one is not repeated.
 */
public final class ListedNameVariants {

    public enum Kind { AS_LISTED, ORDER_SWAP, JOINED, SPLIT, ROMANISATION, DROPPED_MIDDLE }

    public record Variant(String name, Kind kind) {
    }

    /** Syllable spellings of one Korean syllable in MR (diacritics dropped), RR and passport use. */
    private static final List<List<String>> KOREAN_SYLLABLES = List.of(
            List.of("chol", "cheol", "chul"), List.of("jong", "chong", "jung"), List.of("yong", "young", "yeong"),
            List.of("song", "seong", "sung"), List.of("ri", "lee", "yi"), List.of("pak", "park", "bak"),
            List.of("choe", "choi"), List.of("kim", "gim"), List.of("chang", "jang"), List.of("kang", "gang"),
            List.of("hyok", "hyeok", "hyuk"), List.of("myong", "myeong", "myung"), List.of("ryong", "ryeong", "ryung"),
            List.of("chun", "jun"), List.of("kwang", "gwang"), List.of("un", "eun"), List.of("hui", "hee"),
            List.of("kil", "gil"), List.of("tae", "dae"), List.of("pyong", "byeong", "byung"), List.of("sok", "seok"),
            List.of("chin", "jin"), List.of("ho", "ho"), List.of("chu", "ju"), List.of("ok", "ok"),
            List.of("kyong", "gyeong", "kyung"), List.of("hyon", "hyeon", "hyun"), List.of("son", "seon", "sun"),
            List.of("to", "do"), List.of("kun", "geun"), List.of("chae", "jae"), List.of("chi", "ji"),
            List.of("tong", "dong"), List.of("po", "bo"), List.of("pong", "bong"), List.of("kyu", "gyu"),
            List.of("chon", "cheon", "chun"), List.of("ryu", "yu"), List.of("o", "oh"), List.of("yon", "yeon"),
            List.of("kum", "geum"), List.of("il", "il"), List.of("nam", "nam"), List.of("su", "soo"),
            List.of("min", "min"), List.of("hak", "hak"), List.of("sam", "sam"), List.of("thae", "tae"));

    private static final Map<String, String> KOREAN_OTHER_SPELLING = new LinkedHashMap<>();

    static {
        for (List<String> spellings : KOREAN_SYLLABLES) {
            for (int i = 0; i < spellings.size(); i++) {
                KOREAN_OTHER_SPELLING.putIfAbsent(spellings.get(i), spellings.get((i + 1) % spellings.size()));
            }
        }
    }

    /** One common difference between transliterations of the same name (Arabic, Cyrillic, Persian, …). */
    private static final List<String[]> TRANSLITERATION = List.of(
            new String[] {"mohammed", "muhammad"}, new String[] {"muhammad", "mohammad"}, new String[] {"mohamed", "mohammed"},
            new String[] {"iy$", "y"}, new String[] {"kh", "h"}, new String[] {"ou", "u"}, new String[] {"dzh", "j"},
            new String[] {"yev", "ev"}, new String[] {"yu", "iu"}, new String[] {"ya", "ia"}, new String[] {"ee", "i"},
            new String[] {"ph", "f"}, new String[] {"q", "k"}, new String[] {"ck", "k"}, new String[] {"oo", "u"},
            new String[] {"ei", "ey"}, new String[] {"ai", "ay"}, new String[] {"ov$", "off"}, new String[] {"sh", "ch"},
            new String[] {"x", "ks"}, new String[] {"w", "v"}, new String[] {"ie", "i"}, new String[] {"y$", "i"},
            new String[] {"ss", "s"}, new String[] {"ll", "l"}, new String[] {"tt", "t"}, new String[] {"dd", "d"});

    /**
     * Words of an organisation's name that are not its name: legal forms and function words. Nobody writes
     * "Tradingcorporation" or "Companyfor"; a name's own words are what people join ("Silverstar").
     */
    private static final Set<String> NOT_NAME_WORDS = Set.of("company", "corporation", "limited",
            "incorporated", "international", "co", "ltd", "inc", "corp", "llc", "plc", "jsc", "gmbh", "for", "and",
            "of", "the", "de", "del", "la", "el", "al", "sociedad", "societe");

    private ListedNameVariants() {
    }

    /** Whether an entry's names are Korean names (by its listed nationality: how the generator picks its rules). */
    static boolean korean(WatchlistEntry entry) {
        return entry.nationalities().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("korea")
                || n.equalsIgnoreCase("KP") || n.equalsIgnoreCase("PRK"));
    }

    public static List<Variant> of(WatchlistEntry entry) {
        String listed = entry.primaryName().strip();
        boolean person = "INDIVIDUAL".equals(entry.type());
        boolean korean = korean(entry);
        Map<String, Variant> out = new LinkedHashMap<>();
        add(out, listed, Kind.AS_LISTED);

        // "FAMILY, Given Names" (OFAC) or "Given ... Family"/"FAMILY Given" (UN, written order)
        List<String> family;
        List<String> given;
        int comma = listed.indexOf(',');
        if (comma > 0) {
            family = words(listed.substring(0, comma));
            given = words(listed.substring(comma + 1));
        } else {
            List<String> all = words(listed);
            family = all.isEmpty() ? List.of() : List.of(all.getFirst());
            given = all.size() > 1 ? all.subList(1, all.size()) : List.of();
        }
        List<String> tokens = new ArrayList<>(family);
        tokens.addAll(given);
        if (tokens.size() < 1) {
            return List.copyOf(out.values());
        }

        // order swap: given names first, then the family name (or, for an entity, the last word first)
        if (!given.isEmpty()) {
            add(out, String.join(" ", given) + " " + String.join(" ", family), Kind.ORDER_SWAP);
        }

        // joined: a hyphenated part written as one word; else two given syllables of a Korean name; else, for an
        // entity, two adjacent words of three letters or more
        if (listed.contains("-")) {
            add(out, listed.replaceAll("(\\p{L})-(\\p{L})", "$1$2"), Kind.JOINED);
            add(out, listed.replaceAll("(\\p{L})-(\\p{L})", "$1 $2"), Kind.SPLIT);
        } else if (korean && person && given.size() == 2) {
            add(out, String.join(" ", family) + " " + given.get(0) + given.get(1).toLowerCase(Locale.ROOT), Kind.JOINED);
        } else if (!person && tokens.size() >= 3) {
            for (int i = 1; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).length() >= 3 && tokens.get(i + 1).length() >= 3 && isWord(tokens.get(i))
                        && isWord(tokens.get(i + 1)) && !NOT_NAME_WORDS.contains(tokens.get(i).toLowerCase(Locale.ROOT))
                        && !NOT_NAME_WORDS.contains(tokens.get(i + 1).toLowerCase(Locale.ROOT))) {
                    List<String> joined = new ArrayList<>(tokens.subList(0, i));
                    joined.add(tokens.get(i) + tokens.get(i + 1));
                    joined.addAll(tokens.subList(i + 2, tokens.size()));
                    add(out, String.join(" ", joined), Kind.JOINED);
                    break;
                }
            }
        }

        // another romanisation
        if (person) {
            List<String> other = new ArrayList<>();
            boolean changed = false;
            for (String token : words(listed.replace(",", " "))) {
                String rewritten = korean ? koreanSpelling(token) : token;
                changed |= !rewritten.equalsIgnoreCase(token);
                other.add(rewritten);
            }
            if (!korean) {
                // one transliteration difference, in the longest part that has one
                List<String> byLength = new ArrayList<>(other);
                byLength.sort((a, b) -> b.length() - a.length());
                outer:
                for (String token : byLength) {
                    for (String[] rule : TRANSLITERATION) {
                        String lower = token.toLowerCase(Locale.ROOT);
                        Matcher m = Pattern.compile(rule[0]).matcher(lower);
                        if (lower.length() >= 4 && m.find()) {
                            other.set(other.indexOf(token), m.replaceFirst(rule[1]));
                            changed = true;
                            break outer;
                        }
                    }
                }
            }
            if (changed) {
                add(out, String.join(" ", other), Kind.ROMANISATION);
            }
        }

        // a dropped middle name: a person of three or more parts whose middle part is a name of its own (not one
        // syllable of a Korean or Chinese given name)
        if (person && !korean) {
            List<String> written = comma > 0 ? concat(given, family) : tokens;
            if (written.size() >= 3) {
                String middle = written.get(written.size() - 2);
                if (middle.length() >= 4 && written.stream().anyMatch(t -> t.length() > 4)) {
                    List<String> dropped = new ArrayList<>(written);
                    dropped.remove(written.size() - 2);
                    add(out, String.join(" ", dropped), Kind.DROPPED_MIDDLE);
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static String koreanSpelling(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        // a hyphenated given name: each syllable on its own
        if (lower.contains("-")) {
            List<String> parts = new ArrayList<>();
            for (String part : lower.split("-")) {
                parts.add(KOREAN_OTHER_SPELLING.getOrDefault(part, part));
            }
            return cap(String.join("-", parts));
        }
        return cap(KOREAN_OTHER_SPELLING.getOrDefault(lower, lower));
    }

    private static boolean isWord(String token) {
        return token.chars().allMatch(Character::isLetter);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.strip().split("\\s+")) {
            if (!w.isBlank()) {
                out.add(w);
            }
        }
        return out;
    }

    private static void add(Map<String, Variant> out, String name, Kind kind) {
        String clean = name.strip().replaceAll("\\s+", " ");
        out.putIfAbsent(clean.toLowerCase(Locale.ROOT), new Variant(clean, kind));
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
