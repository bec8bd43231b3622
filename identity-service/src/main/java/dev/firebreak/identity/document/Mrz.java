package dev.firebreak.identity.document;

import java.util.List;
import java.util.Locale;

/**
 * The fields of an ICAO Doc 9303 machine-readable zone that identity checks need, read by position from
 * TD1 (3x30), TD2 / MRV-B (2x36) and TD3 / MRV-A (2x44). Parsing is separate from validation: a zone with
 * bad check digits still parses, so that its failures can be reported.
 */
public record Mrz(Format format, String documentCode, String issuingState, String documentNumber, String nationality) {

    public enum Format { TD1, TD2, TD3 }

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
        Format format = detect(lines);
        String first = lines.get(0);
        String second = lines.get(1);
        String code = field(first, 0, 2);
        String state = field(first, 2, 5);
        return switch (format) {
            case TD1 -> new Mrz(format, code, state, field(first, 5, 14), field(second, 15, 18));
            case TD2, TD3 -> new Mrz(format, code, state, field(second, 0, 9), field(second, 10, 13));
        };
    }

    private static Format detect(List<String> lines) {
        int n = lines.size();
        int length = lines.get(0).length();
        if (lines.stream().anyMatch(l -> l.length() != length)) {
            throw new IllegalArgumentException("MRZ lines differ in length");
        }
        if (n == 3 && length == 30) {
            return Format.TD1;
        }
        if (n == 2 && length == 36) {
            return Format.TD2;
        }
        if (n == 2 && length == 44) {
            return Format.TD3;
        }
        throw new IllegalArgumentException("not an ICAO 9303 zone: " + n + " lines of " + length
                + " characters (expected 3x30, 2x36 or 2x44)");
    }

    /** A field with its '<' fillers removed (a filler-only field is empty). */
    private static String field(String line, int from, int to) {
        return line.substring(from, to).replace('<', ' ').strip().replace(' ', '<');
    }
}
