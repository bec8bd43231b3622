package dev.firebreak.system;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fictional TD3 passports with correct ICAO 9303 check digits and a document number of their own, so that
 * workers of the system tests never share a document (which would rightly link them: ID-08).
 */
final class Documents {

    private Documents() {
    }

    /** A passport issued by {@code state} to a national of {@code nationality}, valid until 2031. */
    static List<String> passport(String state, String nationality) {
        String number = UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
        String line1 = pad("P<" + state + "TESTPERSON<<ALEX", 44);
        String dob = "880415";
        String expiry = "310101";
        String personal = "<".repeat(14);
        String upper = number + digit(number) + nationality + dob + digit(dob) + "M" + expiry + digit(expiry) + personal + "<";
        String composite = upper.substring(0, 10) + upper.substring(13, 20) + upper.substring(21, 43);
        return List.of(line1, upper + digit(composite));
    }

    static List<String> dprkPassport() {
        return passport("PRK", "PRK");
    }

    static List<String> chinaIssuedToDprkNational() {
        return passport("CHN", "PRK");
    }

    static List<String> polishPassport() {
        return passport("POL", "POL");
    }

    static Map<String, Object> passport(String workerId, List<String> mrz) {
        return Map.of("workerId", workerId, "source", "system-test", "documentType", "PASSPORT", "mrz", mrz);
    }

    static char digit(String field) {
        int[] weights = {7, 3, 1};
        int sum = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            int value = Character.isDigit(c) ? c - '0' : c == '<' ? 0 : c - 'A' + 10;
            sum += value * weights[i % 3];
        }
        return (char) ('0' + sum % 10);
    }

    static String pad(String s, int length) {
        return (s + "<".repeat(length)).substring(0, length);
    }
}
