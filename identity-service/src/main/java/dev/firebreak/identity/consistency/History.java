package dev.firebreak.identity.consistency;

import java.text.Normalizer;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A profile's education and employment history (ID-05), read from the free-form entries of {@code POST
 * /api/v1/profiles}: each entry names its organisation ({@code organisation}, {@code organization}, {@code employer},
 * {@code company}, {@code institution} or {@code school}) and its dates ({@code from}/{@code start}/{@code startDate}
 * and {@code to}/{@code end}/{@code endDate}, as {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}; no end: still
 * there). Organisations are compared by a key that ignores case, accents, punctuation and legal forms, so "ACME Ltd."
 * and "Acme Limited" are one employer. Written here because no library reads CV entries; the dates are
 * {@link YearMonth}s.
 */
public final class History {

    public enum Kind { EDUCATION, EMPLOYMENT }

    /** One entry: what it is, its organisation as written and as compared, its months ({@code to} null: ongoing). */
    public record Entry(Kind kind, String organisation, String key, YearMonth from, YearMonth to) {
    }

    private static final List<String> NAME_KEYS = List.of("organisation", "organization", "employer", "company",
            "institution", "school");
    private static final List<String> FROM_KEYS = List.of("from", "start", "startDate");
    private static final List<String> TO_KEYS = List.of("to", "end", "endDate");
    private static final Set<String> LEGAL_FORMS = Set.of("ltd", "limited", "llc", "inc", "incorporated", "corp",
            "corporation", "co", "plc", "gmbh", "ag", "sa", "sas", "srl", "bv", "nv", "oy", "ab", "as", "kk", "pte",
            "pvt", "sp", "zoo", "the", "company");
    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{2}))?(?:-\\d{2})?");

    private History() {
    }

    /** An entry the service cannot read: the field and what is wrong, for a 400 problem. */
    public static final class Invalid extends IllegalArgumentException {
        public final String field;

        Invalid(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    /**
     * The entries of one list of the request ({@code education} or {@code employment}).
     *
     * @throws Invalid when an entry names no organisation or gives a date that is not one, or ends before it starts
     */
    public static List<Entry> read(Kind kind, String field, List<Map<String, Object>> entries) {
        List<Entry> read = new ArrayList<>();
        if (entries == null) {
            return read;
        }
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String at = field + "[" + i + "]";
            if (e == null) {
                throw new Invalid(at, "must be an object");
            }
            String name = text(e, NAME_KEYS, at);
            if (name == null || name.isBlank() || name.length() > 300) {
                throw new Invalid(at + ".organisation", "must name the organisation (1 to 300 characters)");
            }
            YearMonth from = month(text(e, FROM_KEYS, at), at + ".from");
            YearMonth to = month(text(e, TO_KEYS, at), at + ".to");
            if (from != null && to != null && to.isBefore(from)) {
                throw new Invalid(at + ".to", "ends before it starts");
            }
            read.add(new Entry(kind, name.strip(), key(name), from, to));
        }
        return read;
    }

    /** The organisation as compared: letters and digits only, lower case, without accents and legal forms. */
    static String key(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        List<String> words = new ArrayList<>();
        for (String w : plain.split(" ")) {
            if (!w.isEmpty() && !LEGAL_FORMS.contains(w)) {
                words.add(w);
            }
        }
        return words.isEmpty() ? plain : String.join(" ", words);
    }

    /** The entries as stored with the profile (a JSON array), and read back. */
    public static String toJson(List<Entry> entries) {
        if (entries.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("kind", e.kind().name());
            row.put("organisation", e.organisation());
            row.put("from", e.from() == null ? null : e.from().toString());
            row.put("to", e.to() == null ? null : e.to().toString());
            rows.add(row);
        }
        try {
            return JSON.writeValueAsString(rows);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static List<Entry> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (var row : JSON.readTree(json)) {
                String organisation = row.path("organisation").asText();
                entries.add(new Entry(Kind.valueOf(row.path("kind").asText()), organisation, key(organisation),
                        row.path("from").isTextual() ? YearMonth.parse(row.path("from").asText()) : null,
                        row.path("to").isTextual() ? YearMonth.parse(row.path("to").asText()) : null));
            }
            return entries;
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("a stored history that is not JSON", ex);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String text(Map<String, Object> e, List<String> keys, String at) {
        for (String k : keys) {
            Object v = e.get(k);
            if (v != null) {
                if (!(v instanceof String) && !(v instanceof Number)) {
                    throw new Invalid(at + "." + k, "must be a string");
                }
                return v.toString();
            }
        }
        return null;
    }

    private static YearMonth month(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        var m = DATE.matcher(value.strip());
        if (!m.matches()) {
            throw new Invalid(field, "must be a date as yyyy, yyyy-MM or yyyy-MM-dd");
        }
        try {
            return YearMonth.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
        } catch (java.time.DateTimeException ex) {
            throw new Invalid(field, "must be a date as yyyy, yyyy-MM or yyyy-MM-dd");
        }
    }
}
