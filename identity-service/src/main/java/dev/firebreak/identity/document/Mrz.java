package dev.firebreak.identity.document;

import java.util.List;
import java.util.Locale;

/**
 * The fields of an ICAO Doc 9303 machine-readable zone, read by position from TD1 (3x30), TD2 (2x36),
 * TD3 (2x44) and the visas MRV-A (2x44) and MRV-B (2x36). Parsing is separate from validation
 * ({@link MrzValidator}): a zone with bad check digits still parses, so that each failure can be reported.
 * Check digits are kept as read; fields keep their '<' fillers in {@code raw*} and lose them elsewhere.
 */
public record Mrz(Format format, List<String> lines, String documentCode, String issuingState,
                  String documentNumber, String rawDocumentNumber, char documentNumberCheck,
                  String optionalData1, String dateOfBirth, char dateOfBirthCheck, String sex,
                  String expiryDate, char expiryDateCheck, String nationality, String optionalData2,
                  Character optionalDataCheck, Character compositeCheck, String compositeInput,
                  String primaryIdentifier, String secondaryIdentifier) {

    public enum Format { TD1, TD2, TD3, MRV_A, MRV_B }

    /**
     * Parses the lines of a zone.
     *
     * @throws IllegalArgumentException naming what is wrong if the lines are not an MRZ at all
     */
    public static Mrz parse(List<String> rawLines) {
        if (rawLines == null || rawLines.isEmpty()) {
            throw new IllegalArgumentException("no MRZ lines");
        }
        List<String> lines = rawLines.stream().map(l -> l == null ? "" : l.strip().toUpperCase(Locale.ROOT)).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).matches("[A-Z0-9<]*")) {
                throw new IllegalArgumentException("line " + (i + 1) + " has characters outside A-Z, 0-9 and '<'");
            }
        }
        return switch (detect(lines)) {
            case TD1 -> td1(lines);
            case TD2 -> twoLine(Format.TD2, lines);
            case TD3 -> twoLine(Format.TD3, lines);
            case MRV_A -> twoLine(Format.MRV_A, lines);
            case MRV_B -> twoLine(Format.MRV_B, lines);
        };
    }

    /** True for the visa formats, which carry no composite check digit. */
    public boolean isVisa() {
        return format == Format.MRV_A || format == Format.MRV_B;
    }

    private static Format detect(List<String> lines) {
        int n = lines.size();
        int length = lines.getFirst().length();
        if (lines.stream().anyMatch(l -> l.length() != length)) {
            throw new IllegalArgumentException("MRZ lines differ in length");
        }
        boolean visa = lines.getFirst().startsWith("V");
        if (n == 3 && length == 30) {
            return Format.TD1;
        }
        if (n == 2 && length == 36) {
            return visa ? Format.MRV_B : Format.TD2;
        }
        if (n == 2 && length == 44) {
            return visa ? Format.MRV_A : Format.TD3;
        }
        throw new IllegalArgumentException("not an ICAO 9303 zone: " + n + " lines of " + length
                + " characters (expected 3x30, 2x36 or 2x44)");
    }

    private static Mrz td1(List<String> l) {
        String first = l.get(0);
        String second = l.get(1);
        String rawNumber = first.substring(5, 14);
        char numberCheck = first.charAt(14);
        String optional1 = first.substring(15, 30);
        String[] number = longNumber(rawNumber, numberCheck, optional1);
        if (number[2] != null) {
            optional1 = number[2];
        }
        String[] names = names(l.get(2));
        return new Mrz(Format.TD1, l, clean(first.substring(0, 2)), clean(first.substring(2, 5)), number[0],
                number[1], number[3].charAt(0), clean(optional1), second.substring(0, 6), second.charAt(6),
                clean(second.substring(7, 8)), second.substring(8, 14), second.charAt(14), clean(second.substring(15, 18)),
                clean(second.substring(18, 29)), null, second.charAt(29),
                first.substring(5, 30) + second.substring(0, 7) + second.substring(8, 15) + second.substring(18, 29),
                names[0], names[1]);
    }

    private static Mrz twoLine(Format format, List<String> l) {
        String first = l.get(0);
        String second = l.get(1);
        boolean long44 = format == Format.TD3 || format == Format.MRV_A;
        String[] names = names(first.substring(5));
        String rawNumber = second.substring(0, 9);
        char numberCheck = second.charAt(9);
        String optional = second.substring(28, long44 ? (format == Format.TD3 ? 42 : 44) : (format == Format.TD2 ? 35 : 36));
        String[] number = format == Format.TD2 ? longNumber(rawNumber, numberCheck, optional)
                : new String[] {clean(rawNumber), rawNumber, null, String.valueOf(numberCheck)};
        if (number[2] != null) {
            optional = number[2];
        }
        Character optionalCheck = format == Format.TD3 ? second.charAt(42) : null;
        Character composite = switch (format) {
            case TD3 -> second.charAt(43);
            case TD2 -> second.charAt(35);
            default -> null;
        };
        String compositeInput = switch (format) {
            case TD3 -> second.substring(0, 10) + second.substring(13, 20) + second.substring(21, 43);
            case TD2 -> second.substring(0, 10) + second.substring(13, 20) + second.substring(21, 35);
            default -> null;
        };
        return new Mrz(format, l, clean(first.substring(0, 2)), clean(first.substring(2, 5)), number[0], number[1],
                number[3].charAt(0), null, second.substring(13, 19), second.charAt(19), clean(second.substring(20, 21)),
                second.substring(21, 27), second.charAt(27), clean(second.substring(10, 13)), clean(optional),
                optionalCheck, composite, compositeInput, names[0], names[1]);
    }

    /**
     * Doc 9303's long document numbers (TD1, TD2): when the check digit position holds a filler, the number goes
     * on in the optional data up to the next filler, whose last character is the check digit.
     *
     * @return {number, raw number the check digit covers, optional data left, check digit}
     */
    private static String[] longNumber(String rawNumber, char check, String optional) {
        if (check != '<' || optional.isEmpty() || optional.charAt(0) == '<') {
            return new String[] {clean(rawNumber), rawNumber, null, String.valueOf(check)};
        }
        int end = optional.indexOf('<');
        String segment = end < 0 ? optional : optional.substring(0, end);
        String extension = segment.substring(0, segment.length() - 1);
        char realCheck = segment.charAt(segment.length() - 1);
        String rest = end < 0 ? "" : optional.substring(end);
        return new String[] {clean(rawNumber) + extension, rawNumber + extension, rest, String.valueOf(realCheck)};
    }

    private static String[] names(String field) {
        String trimmed = field.replaceAll("<+$", "");
        int split = trimmed.indexOf("<<");
        String primary = split < 0 ? trimmed : trimmed.substring(0, split);
        String secondary = split < 0 ? "" : trimmed.substring(split + 2);
        return new String[] {primary.replace('<', ' ').strip(), secondary.replace('<', ' ').strip()};
    }

    /** A field with its '<' fillers removed at both ends (a filler-only field is empty). */
    static String clean(String field) {
        return field.replaceAll("^<+|<+$", "");
    }
}
