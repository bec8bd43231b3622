package dev.firebreak.identity.watchlist;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The UN Security Council consolidated list (XML), streamed with StAX so that a file of any size is read in
 * constant memory: INDIVIDUAL and ENTITY elements become entries; a malformed file fails naming the line.
 */
public final class UnXmlParser {

    public static final String SOURCE = "un-xml";

    private UnXmlParser() {
    }

    public static int parse(InputStream in, Consumer<WatchlistEntry> sink) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        int count = 0;
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(in);
            Builder current = null;
            List<String> path = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = xml.getLocalName();
                    path.add(name);
                    text.setLength(0);
                    if ((name.equals("INDIVIDUAL") || name.equals("ENTITY")) && path.size() == 3) {
                        current = new Builder(name.equals("INDIVIDUAL") ? "INDIVIDUAL" : "ENTITY");
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = xml.getLocalName();
                    String value = text.toString().strip();
                    if (current != null) {
                        String parent = path.size() >= 2 ? path.get(path.size() - 2) : "";
                        current.field(parent, name, value);
                        if ((name.equals("INDIVIDUAL") || name.equals("ENTITY")) && path.size() == 3) {
                            sink.accept(current.build());
                            count++;
                            current = null;
                        }
                    }
                    path.removeLast();
                    text.setLength(0);
                }
            }
            return count;
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new ListFormatException("malformed UN XML at line " + line + ": " + e.getMessage(), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // the stream is the caller's to close
                }
            }
        }
    }

    private static final class Builder {
        private final String type;
        private String reference;
        private final String[] nameParts = new String[4];
        private final List<String> aliases = new ArrayList<>();
        private final List<String> births = new ArrayList<>();
        private final List<String> nationalities = new ArrayList<>();
        private final List<String> identifiers = new ArrayList<>();

        Builder(String type) {
            this.type = type;
        }

        void field(String parent, String name, String value) {
            if (value.isEmpty()) {
                return;
            }
            switch (name) {
                case "REFERENCE_NUMBER" -> reference = value;
                case "FIRST_NAME" -> nameParts[0] = value;
                case "SECOND_NAME" -> nameParts[1] = value;
                case "THIRD_NAME" -> nameParts[2] = value;
                case "FOURTH_NAME" -> nameParts[3] = value;
                case "ALIAS_NAME" -> aliases.add(value);
                case "DATE", "YEAR" -> {
                    if (parent.equals("INDIVIDUAL_DATE_OF_BIRTH")) {
                        births.add(value);
                    }
                }
                case "FROM_YEAR", "TO_YEAR" -> births.add(value);
                case "VALUE" -> {
                    if (parent.equals("NATIONALITY")) {
                        nationalities.add(value);
                    }
                }
                case "NUMBER" -> {
                    if (parent.equals("INDIVIDUAL_DOCUMENT")) {
                        identifiers.add(value.replaceAll("\\s", "").toUpperCase());
                    }
                }
                default -> {
                }
            }
        }

        WatchlistEntry build() {
            List<String> parts = new ArrayList<>();
            for (String part : nameParts) {
                if (part != null) {
                    parts.add(part);
                }
            }
            return new WatchlistEntry(SOURCE, reference, type, String.join(" ", parts), aliases, births, nationalities,
                    identifiers);
        }
    }
}
