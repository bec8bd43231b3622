package dev.firebreak.identity.watchlist;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The UK lists, which publish one row per name and group a designation's rows by an id: the OFSI Consolidated
 * List as CSV ({@code uk-ofsi-csv}) and XML ({@code uk-ofsi-xml}, one {@code FinancialSanctionsTarget} per row)
 * and its successor, the FCDO UK Sanctions List CSV ({@code uk-fcdo-csv}). Columns are found by their header
 * names, so a reordered file still reads; a file without the expected header, or a row whose width differs from
 * the header's, is rejected naming the line. Names 1–5 are given or patronymic names and Name 6 the family
 * name; a non-Latin rendering of the name is kept as one more alias.
 */
public final class UkListParser {

    /** Which header names carry each field in one of the formats; several columns may hold one field. */
    record Layout(String source, String id, String type, String nameType, List<String> primaryNameTypes,
                  List<String> givenNames, String familyName, String nonLatinName, String birth,
                  String nationality, List<String> identifiers) {
    }

    static final Layout OFSI_CSV = new Layout("uk-ofsi-csv", "Group ID", "Group Type", "Alias Type",
            List.of("primary name", "prime alias"), List.of("Name 1", "Name 2", "Name 3", "Name 4", "Name 5"), "Name 6",
            "Name Non-Latin Script", "DOB", "Nationality", List.of("Passport Number", "National Identification Number"));

    static final Layout OFSI_XML = new Layout("uk-ofsi-xml", "GroupID", "GroupTypeDescription", "AliasType",
            List.of("primary name", "prime alias"), List.of("name1", "name2", "name3", "name4", "name5"), "Name6",
            "NameNonLatinScript", "Individual_DateOfBirth", "Individual_Nationality",
            List.of("Individual_PassportNumber", "Individual_NINumber"));

    static final Layout FCDO_CSV = new Layout("uk-fcdo-csv", "Unique ID", "Designation Type", "Name type",
            List.of("primary name"), List.of("Name 1", "Name 2", "Name 3", "Name 4", "Name 5"), "Name 6",
            "Name non-latin script", "D.O.B", "Nationality(/ies)", List.of("Passport number", "National Identifier number"));

    private UkListParser() {
    }

    public static int parseOfsiCsv(Reader in, Consumer<WatchlistEntry> sink) {
        return parseCsv(OFSI_CSV, in, sink);
    }

    public static int parseFcdoCsv(Reader in, Consumer<WatchlistEntry> sink) {
        return parseCsv(FCDO_CSV, in, sink);
    }

    static int parseCsv(Layout layout, Reader in, Consumer<WatchlistEntry> sink) {
        Grouper groups = new Grouper(layout);
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        String[] header = null;
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(in)) {
            while (it.hasNextValue()) {
                // the location before reading is the start of the row (after it, the start of the next one)
                long line = Math.max(1, it.getCurrentLocation().getLineNr());
                String[] values = it.nextValue();
                if (values.length == 0 || (values.length == 1 && values[0].isBlank())) {
                    continue;
                }
                if (header == null) {
                    values[0] = values[0].replace("\uFEFF", "");
                    if (List.of(values).contains(layout.id())) {
                        header = values;
                    } else if (line > 3) {
                        throw new ListFormatException(layout.source() + ": no header row with '" + layout.id()
                                + "' in the first lines");
                    }
                    continue;
                }
                if (values.length != header.length) {
                    throw new ListFormatException(layout.source() + " line " + line + ": " + values.length
                            + " columns where the header has " + header.length);
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].strip(), values[i]);
                }
                groups.add(row, "line " + line);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ListFormatException lfe) {
                throw lfe;
            }
            throw new ListFormatException(layout.source() + ": " + e.getMessage(), e);
        }
        if (header == null) {
            throw new ListFormatException(layout.source() + ": no header row with '" + layout.id() + "'");
        }
        return groups.emit(sink);
    }

    /** The OFSI XML: each FinancialSanctionsTarget element is one name row; its children are the columns. */
    public static int parseOfsiXml(InputStream in, Consumer<WatchlistEntry> sink) {
        Grouper groups = new Grouper(OFSI_XML);
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = null;
        boolean sawRoot = false;
        try {
            xml = factory.createXMLStreamReader(in);
            Map<String, String> row = null;
            StringBuilder text = new StringBuilder();
            int depth = 0;
            int rowLine = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    text.setLength(0);
                    if (depth == 1) {
                        sawRoot = xml.getLocalName().equals("ArrayOfFinancialSanctionsTarget");
                        if (!sawRoot) {
                            throw new ListFormatException("uk-ofsi-xml line " + xml.getLocation().getLineNumber()
                                    + ": root element is " + xml.getLocalName() + ", not ArrayOfFinancialSanctionsTarget");
                        }
                    } else if (depth == 2 && xml.getLocalName().equals("FinancialSanctionsTarget")) {
                        row = new HashMap<>();
                        rowLine = xml.getLocation().getLineNumber();
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 3 && row != null) {
                        row.put(xml.getLocalName(), text.toString());
                    } else if (depth == 2 && row != null) {
                        groups.add(row, "element at line " + rowLine);
                        row = null;
                    }
                    depth--;
                    text.setLength(0);
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new ListFormatException("malformed uk-ofsi-xml at line " + line + ": " + e.getMessage(), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // the stream is the caller's to close
                }
            }
        }
        if (!sawRoot) {
            throw new ListFormatException("uk-ofsi-xml: the file holds no XML root element");
        }
        return groups.emit(sink);
    }

    /** Rows grouped into entries by the layout's id, in first-seen order. */
    private static final class Grouper {
        private final Layout layout;
        private final Map<String, EntryBuilder> entries = new LinkedHashMap<>();

        Grouper(Layout layout) {
            this.layout = layout;
        }

        void add(Map<String, String> row, String where) {
            String id = value(row, layout.id());
            if (id == null) {
                throw new ListFormatException(layout.source() + " " + where + ": no " + layout.id());
            }
            EntryBuilder entry = entries.computeIfAbsent(id, k -> new EntryBuilder(layout.source(), k));
            entry.type(value(row, layout.type()));
            StringBuilder name = new StringBuilder();
            for (String column : layout.givenNames()) {
                append(name, value(row, column));
            }
            append(name, value(row, layout.familyName()));
            String nameType = value(row, layout.nameType());
            boolean primary = nameType != null && layout.primaryNameTypes().contains(nameType.toLowerCase(Locale.ROOT));
            entry.name(name.toString(), primary);
            entry.name(value(row, layout.nonLatinName()), false);
            for (String part : values(row, layout.birth())) {
                entry.birth(part);
            }
            for (String part : values(row, layout.nationality())) {
                entry.nationality(part);
            }
            for (String column : layout.identifiers()) {
                for (String part : values(row, column)) {
                    entry.identifier(part);
                }
            }
        }

        int emit(Consumer<WatchlistEntry> sink) {
            int count = 0;
            for (EntryBuilder entry : entries.values()) {
                if (entry.hasName()) {
                    sink.accept(entry.build());
                    count++;
                }
            }
            return count;
        }

        private static String value(Map<String, String> row, String column) {
            String v = row.get(column);
            return v == null || v.isBlank() ? null : v.strip();
        }

        /** A cell may hold several values separated by '|' (FCDO) or line breaks. */
        private static List<String> values(Map<String, String> row, String column) {
            String v = value(row, column);
            return v == null ? List.of() : List.of(v.split("\\s*[|\\n]\\s*"));
        }

        private static void append(StringBuilder name, String part) {
            if (part != null) {
                if (!name.isEmpty()) {
                    name.append(' ');
                }
                name.append(part);
            }
        }
    }
}
