package dev.firebreak.identity.watchlist;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The US SDN list in OFAC's advanced XML ({@code us-sdn-xml}), streamed with StAX. The format is relational:
 * reference value sets name the feature types, party sub-types and countries; locations and identity documents
 * are listed apart from the parties and joined by id. Each {@code DistinctParty} becomes an entry (id = its
 * FixedRef, the legacy ent_num) with its aliases' documented names, birth dates from Birthdate features,
 * nationality and citizenship countries through their locations, passport and identity numbers from
 * {@code IDRegDocuments}, and digital-currency addresses. Joins are resolved at the end of the file, so the
 * sections may come in any order.
 */
public final class OfacAdvancedXmlParser {

    public static final String SOURCE = "us-sdn-xml";

    private OfacAdvancedXmlParser() {
    }

    private static final class Party {
        final EntryBuilder entry;
        final List<String> identities = new ArrayList<>();
        final List<String> nationalityLocations = new ArrayList<>();
        String subType;

        Party(String id) {
            entry = new EntryBuilder(SOURCE, id);
        }
    }

    public static int parse(InputStream in, Consumer<WatchlistEntry> sink) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Map<String, String> featureTypes = new HashMap<>();
        Map<String, String> subTypes = new HashMap<>();
        Map<String, String> countries = new HashMap<>();
        Map<String, String> locationCountry = new HashMap<>();
        Map<String, List<String>> documents = new HashMap<>();
        List<Party> parties = new ArrayList<>();
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(in);
            StringBuilder text = new StringBuilder();
            String refId = null;
            String location = null;
            String locationPartType = null;
            String documentIdentity = null;
            Party party = null;
            boolean primaryAlias = false;
            List<String> nameParts = new ArrayList<>();
            String feature = null;
            String dateEdge = null;
            int[] start = new int[3];
            int endYear = 0;
            boolean sawRoot = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = xml.getLocalName();
                    text.setLength(0);
                    if (!sawRoot) {
                        if (!name.equals("Sanctions")) {
                            throw new ListFormatException("us-sdn-xml line " + xml.getLocation().getLineNumber()
                                    + ": root element is " + name + ", not Sanctions");
                        }
                        sawRoot = true;
                    }
                    switch (name) {
                        case "FeatureType", "PartySubType", "Country" -> refId = xml.getAttributeValue(null, "ID");
                        case "Location" -> location = xml.getAttributeValue(null, "ID");
                        case "LocationCountry" -> {
                            if (location != null) {
                                locationCountry.put(location, "#" + xml.getAttributeValue(null, "CountryID"));
                            }
                        }
                        case "LocationPart" -> locationPartType = xml.getAttributeValue(null, "LocPartTypeID");
                        case "IDRegDocument" -> documentIdentity = xml.getAttributeValue(null, "IdentityID");
                        case "DistinctParty" -> {
                            party = new Party(required(xml, "FixedRef"));
                            parties.add(party);
                        }
                        case "Profile" -> {
                            if (party != null) {
                                party.subType = xml.getAttributeValue(null, "PartySubTypeID");
                            }
                        }
                        case "Identity" -> {
                            if (party != null) {
                                party.identities.add(required(xml, "ID"));
                            }
                        }
                        case "Alias" -> primaryAlias = "true".equals(xml.getAttributeValue(null, "Primary"));
                        case "DocumentedName" -> nameParts.clear();
                        case "Feature" -> {
                            feature = featureTypes.getOrDefault(xml.getAttributeValue(null, "FeatureTypeID"), "");
                            start = new int[3];
                            endYear = 0;
                        }
                        case "Start", "End" -> dateEdge = name;
                        case "VersionLocation" -> {
                            if (party != null && feature != null && isNationality(feature)) {
                                party.nationalityLocations.add(xml.getAttributeValue(null, "LocationID"));
                            }
                        }
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = xml.getLocalName();
                    String value = text.toString().strip();
                    text.setLength(0);
                    switch (name) {
                        case "FeatureType" -> featureTypes.put(refId, value);
                        case "PartySubType" -> subTypes.put(refId, value);
                        case "Country" -> countries.put(refId, value);
                        case "Value" -> {
                            if (location != null && "1".equals(locationPartType) && !locationCountry.containsKey(location)) {
                                locationCountry.put(location, value);
                            }
                        }
                        case "Location" -> location = null;
                        case "IDRegistrationNo" -> {
                            if (documentIdentity != null && !value.isEmpty()) {
                                documents.computeIfAbsent(documentIdentity, k -> new ArrayList<>()).add(value);
                            }
                        }
                        case "NamePartValue" -> {
                            if (!value.isEmpty()) {
                                nameParts.add(value);
                            }
                        }
                        case "DocumentedName" -> {
                            if (party != null) {
                                party.entry.name(String.join(" ", nameParts), primaryAlias);
                            }
                        }
                        case "Year", "Month", "Day" -> {
                            if (feature != null && feature.equals("Birthdate") && !value.isEmpty()) {
                                int number = parseInt(value, xml);
                                if ("Start".equals(dateEdge)) {
                                    int slot = name.equals("Year") ? 0 : name.equals("Month") ? 1 : 2;
                                    if (start[slot] == 0) {
                                        start[slot] = number;
                                    }
                                } else if ("End".equals(dateEdge) && name.equals("Year")) {
                                    endYear = Math.max(endYear, number);
                                }
                            }
                        }
                        case "VersionDetail" -> {
                            if (party != null && feature != null && feature.startsWith("Digital Currency Address")) {
                                party.entry.identifier(value);
                            }
                        }
                        case "Feature" -> {
                            if (party != null && "Birthdate".equals(feature) && start[0] > 0) {
                                if (endYear > start[0]) {
                                    party.entry.birthYears(start[0], endYear);
                                } else {
                                    party.entry.birth(start[1] == 0 ? Integer.toString(start[0])
                                            : start[2] == 0 ? "%d-%02d".formatted(start[0], start[1])
                                            : "%d-%02d-%02d".formatted(start[0], start[1], start[2]));
                                }
                            }
                            feature = null;
                        }
                        case "DistinctParty" -> party = null;
                        default -> {
                        }
                    }
                }
            }
            if (!sawRoot) {
                throw new ListFormatException("us-sdn-xml: the file holds no XML root element");
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new ListFormatException("malformed us-sdn-xml at line " + line + ": " + e.getMessage(), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // the stream is the caller's to close
                }
            }
        }
        int count = 0;
        for (Party p : parties) {
            p.entry.type(subTypes.get(p.subType));
            for (String identity : p.identities) {
                documents.getOrDefault(identity, List.of()).forEach(p.entry::identifier);
            }
            for (String loc : p.nationalityLocations) {
                String country = locationCountry.get(loc);
                if (country != null && country.startsWith("#")) {
                    country = countries.get(country.substring(1));
                }
                p.entry.nationality(country);
            }
            if (!p.entry.hasName()) {
                throw new ListFormatException("us-sdn-xml: DistinctParty " + p.entry.entryId() + " has no documented name");
            }
            sink.accept(p.entry.build());
            count++;
        }
        return count;
    }

    private static boolean isNationality(String feature) {
        return feature.equals("Nationality Country") || feature.equals("Citizenship Country");
    }

    private static String required(XMLStreamReader xml, String attribute) {
        String v = xml.getAttributeValue(null, attribute);
        if (v == null || v.isBlank()) {
            throw new ListFormatException("us-sdn-xml line " + xml.getLocation().getLineNumber() + ": "
                    + xml.getLocalName() + " without " + attribute);
        }
        return v;
    }

    private static int parseInt(String value, XMLStreamReader xml) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ListFormatException("us-sdn-xml line " + xml.getLocation().getLineNumber() + ": '" + value
                    + "' is not a number");
        }
    }
}
