package dev.firebreak.identity.watchlist;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects one list entry from formats that spread it over several rows or elements (the UK lists have a row
 * per name; OFAC's advanced XML puts documents and features apart from names). Values are de-duplicated in
 * order; the first primary name wins and other names become aliases.
 */
final class EntryBuilder {

    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})");
    private static final Pattern YEAR = Pattern.compile("\\b(1[89]\\d\\d|20\\d\\d)\\b");

    private final String source;
    private final String entryId;
    private String type = "ENTITY";
    private String primary;
    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> births = new LinkedHashSet<>();
    private final Set<String> nationalities = new LinkedHashSet<>();
    private final Set<String> identifiers = new LinkedHashSet<>();

    EntryBuilder(String source, String entryId) {
        this.source = source;
        this.entryId = entryId;
    }

    String entryId() {
        return entryId;
    }

    EntryBuilder type(String value) {
        if (value != null && !value.isBlank()) {
            String upper = value.strip().toUpperCase(Locale.ROOT);
            // FollowTheMoney's LegalEntity may be a person or an organisation: screened as either
            type = upper.startsWith("INDIVIDUAL") || upper.equals("PERSON") ? "INDIVIDUAL"
                    : upper.startsWith("SHIP") || upper.startsWith("VESSEL") ? "VESSEL"
                    : upper.startsWith("AIRCRAFT") || upper.equals("AIRPLANE") ? "AIRCRAFT"
                    : upper.equals("LEGALENTITY") ? "UNKNOWN" : "ENTITY";
        }
        return this;
    }

    EntryBuilder name(String name, boolean isPrimary) {
        if (name == null || name.isBlank()) {
            return this;
        }
        String clean = name.strip().replaceAll("\\s+", " ");
        if (isPrimary && primary == null) {
            primary = clean;
        }
        names.add(clean);
        return this;
    }

    /**
     * A date of birth as written in the list: {@code dd/mm/yyyy} (with {@code 00} for an unknown day or month),
     * ISO {@code yyyy[-mm[-dd]]}, or free text from which the years are taken. Stored as ISO, as precise as known.
     */
    EntryBuilder birth(String value) {
        if (value == null || value.isBlank()) {
            return this;
        }
        String v = value.strip();
        Matcher dmy = DAY_MONTH_YEAR.matcher(v);
        if (dmy.matches()) {
            int day = Integer.parseInt(dmy.group(1));
            int month = Integer.parseInt(dmy.group(2));
            String year = dmy.group(3);
            births.add(month == 0 ? year : day == 0 ? year + "-%02d".formatted(month)
                    : year + "-%02d-%02d".formatted(month, day));
        } else if (v.matches("\\d{4}(-\\d{2}(-\\d{2})?)?")) {
            births.add(v);
        } else {
            for (Matcher y = YEAR.matcher(v); y.find(); ) {
                births.add(y.group(1));
            }
        }
        return this;
    }

    /** Every year from {@code from} to {@code to} (a listed range "between 1950 and 1955"). */
    EntryBuilder birthYears(int from, int to) {
        for (int y = from; y <= to && y - from <= 30; y++) {
            births.add(Integer.toString(y));
        }
        return this;
    }

    EntryBuilder nationality(String value) {
        if (value != null && !value.isBlank()) {
            nationalities.add(value.strip());
        }
        return this;
    }

    /** A passport, national identity number or wallet address, matched exactly by screening. */
    EntryBuilder identifier(String value) {
        if (value != null && !value.isBlank()) {
            // free text such as "381110042 (Expired 25 Jan. 2016)" keeps its first token
            String first = value.strip().split("[\\s(;,]+")[0];
            if (first.length() >= 4) {
                identifiers.add(first.startsWith("0x") ? first : first.toUpperCase(Locale.ROOT));
            }
        }
        return this;
    }

    boolean hasName() {
        return !names.isEmpty();
    }

    WatchlistEntry build() {
        if (names.isEmpty()) {
            throw new ListFormatException("entry " + entryId + " has no name");
        }
        String main = primary != null ? primary : names.iterator().next();
        List<String> aliases = new ArrayList<>(names);
        aliases.remove(main);
        return new WatchlistEntry(source, entryId, type, main, aliases, List.copyOf(births),
                List.copyOf(nationalities), List.copyOf(identifiers));
    }
}
