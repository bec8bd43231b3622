package dev.firebreak.identity.watchlist;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The US OFAC SDN list in its legacy CSV form: {@code sdn.csv} (one row per entry, "-0-" for empty) and
 * {@code alt.csv} (aliases by ent_num). Dates of birth, nationalities, passports and digital-currency addresses
 * live in the remarks column and are read from it.
 */
public final class OfacCsvParser {

    public static final String SOURCE = "us-sdn-csv";

    private static final Pattern DOB = Pattern.compile("DOB ([^;]+)");
    private static final Pattern NATIONALITY = Pattern.compile("(?:nationality|citizen) ([^;]+)");
    private static final Pattern PASSPORT = Pattern.compile("Passport ([A-Z0-9]+)");
    private static final Pattern WALLET = Pattern.compile("Digital Currency Address - [A-Z]+ ([A-Za-z0-9]+)");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    private OfacCsvParser() {
    }

    /** Reads alt.csv first (small), then streams sdn.csv. */
    public static int parse(Reader sdn, Reader alt, Consumer<WatchlistEntry> sink) {
        Map<String, List<String>> aliases = new HashMap<>();
        rows(alt, "alt.csv", row -> {
            if (row.length >= 4 && !blank(row[3])) {
                aliases.computeIfAbsent(row[0].strip(), k -> new ArrayList<>()).add(row[3].strip());
            }
        });
        int[] count = {0};
        rows(sdn, "sdn.csv", row -> {
            if (row.length < 12) {
                throw new ListFormatException("sdn.csv: entry " + row[0] + " has " + row.length + " columns, not 12");
            }
            String remarks = blank(row[11]) ? "" : row[11];
            List<String> births = new ArrayList<>();
            for (Matcher m = DOB.matcher(remarks); m.find(); ) {
                Matcher year = YEAR.matcher(m.group(1));
                while (year.find()) {
                    births.add(year.group(1));
                }
            }
            sink.accept(new WatchlistEntry(SOURCE, row[0].strip(), blank(row[2]) ? "ENTITY" : row[2].strip().toUpperCase(),
                    row[1].strip(), aliases.getOrDefault(row[0].strip(), List.of()), births,
                    all(NATIONALITY, remarks), concat(all(PASSPORT, remarks), all(WALLET, remarks))));
            count[0]++;
        });
        return count[0];
    }

    private static void rows(Reader reader, String file, Consumer<String[]> row) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(reader)) {
            while (it.hasNextValue()) {
                String[] values = it.nextValue();
                // the legacy files end with a DOS end-of-file character (0x1A) on a line of its own
                if (values.length == 0 || (values.length == 1 && values[0].replace("\u001a", "").isBlank())) {
                    continue;
                }
                if (!values[0].strip().matches("\\d+")) {
                    throw new ListFormatException(file + " line " + it.getCurrentLocation().getLineNr()
                            + ": the first column is not an entry number");
                }
                row.accept(values);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ListFormatException lfe) {
                throw lfe;
            }
            throw new ListFormatException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        for (Matcher m = pattern.matcher(text); m.find(); ) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank() || s.strip().equals("-0-");
    }
}
