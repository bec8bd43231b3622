package dev.firebreak.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * List files for import benchmarks: the real UN and OFAC files of ../shared/reference/lists, and synthetic files
 * of the formats no real copy exists of here (UK OFSI CSV/XML, FCDO CSV, OFAC advanced XML, FollowTheMoney), with
 * generated people — two names and a date of birth each — written in each format's layout.
 */
final class ListFiles {

    private static final String[] GIVEN = {"Myong", "Chol", "Song", "Hyok", "Kwang", "Jin", "Ung", "Il", "Su",
            "Yong", "Min", "Ho", "Hak", "Nam", "Tae", "Gil", "Ok", "Sun", "Hui", "Dong"};
    private static final String[] FAMILY = {"KIM", "RI", "PAK", "CHOE", "JONG", "KANG", "CHO", "YUN", "JANG", "HAN",
            "SIN", "O", "RYU", "HONG", "JON", "MUN", "SONG", "HWANG", "PAEK", "KO"};

    private ListFiles() {
    }

    static Path shared() {
        return Path.of(System.getProperty("firebreak.home", "..")).toAbsolutePath().normalize().resolve("../shared/reference/lists");
    }

    static byte[] unXml() {
        return read(shared().resolve("un/consolidated.xml"));
    }

    /** sdn.csv, alt.csv and add.csv in one zip, as the us-sdn-csv import takes them. */
    static byte[] sdnZip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : new String[] {"sdn.csv", "alt.csv", "add.csv"}) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(read(shared().resolve("us-ofac-sdn/" + name)));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private record Person(String id, String given, String family, String alias, String birth) {
    }

    private static Person person(Random random, int n) {
        String given = GIVEN[random.nextInt(GIVEN.length)] + " " + GIVEN[random.nextInt(GIVEN.length)];
        String family = FAMILY[random.nextInt(FAMILY.length)];
        return new Person(Integer.toString(100_000 + n), given, family, given.replace(' ', '-') + " " + family,
                "%02d/%02d/%d".formatted(1 + random.nextInt(28), 1 + random.nextInt(12), 1950 + random.nextInt(50)));
    }

    static byte[] ofsiCsv(int people) {
        Random random = new Random(1);
        List<Person> persons = new java.util.ArrayList<>();
        for (int n = 0; n < people; n++) {
            persons.add(person(random, n));
        }
        return ofsiCsv(persons);
    }

    /**
     * An OFSI list of {@code people} invented persons whose names no test's worker bears (one family name and a
     * numbered given name each), for tests that replace a list of the shared stack without touching what others screen.
     */
    static byte[] ofsiCsvOfStrangers(int people) {
        List<Person> persons = new java.util.ArrayList<>();
        for (int n = 0; n < people; n++) {
            String given = "Quillonar " + (char) ('A' + n % 26) + "ethwyn";
            persons.add(new Person(Integer.toString(700_000 + n), given, "ZARVELLION", given.replace(' ', '-')
                    + " ZARVELLION", "%02d/03/1961".formatted(1 + n % 28)));
        }
        return ofsiCsv(persons);
    }

    private static byte[] ofsiCsv(List<Person> persons) {
        StringBuilder s = new StringBuilder("Last Updated,20/11/2026\r\n");
        s.append(String.join(",", "Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Title",
                "Name Non-Latin Script", "Non-Latin Script Type", "Non-Latin Script Language", "DOB", "Town of Birth",
                "Country of Birth", "Nationality", "Passport Number", "Passport Details", "National Identification Number",
                "National Identification Details", "Position", "Address 1", "Address 2", "Address 3", "Address 4",
                "Address 5", "Address 6", "Post/Zip Code", "Country", "Other Information", "Group Type", "Alias Type",
                "Alias Quality", "Regime", "Listed On", "UK Sanctions List Date Designated", "Last Updated", "Group ID"))
                .append("\r\n");
        for (Person p : persons) {
            for (int row = 0; row < 2; row++) {
                String[] given = (row == 0 ? p.given() : p.alias().substring(0, p.alias().lastIndexOf(' '))).split("[ ]");
                s.append(p.family()).append(',').append(given[0]).append(',').append(given.length > 1 ? given[1] : "")
                        .append(",,,,,,,,").append(p.birth()).append(",,,North Korea,,,,,,,,,,,,,,,Individual,")
                        .append(row == 0 ? "Primary name" : "AKA").append(",,Democratic People's Republic of Korea,")
                        .append("01/01/2020,,01/01/2020,").append(p.id()).append("\r\n");
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ofsiXml(int people) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ArrayOfFinancialSanctionsTarget>\n");
        Random random = new Random(2);
        for (int n = 0; n < people; n++) {
            Person p = person(random, n);
            for (int row = 0; row < 2; row++) {
                String[] given = (row == 0 ? p.given() : p.alias().substring(0, p.alias().lastIndexOf(' '))).split(" ");
                s.append("<FinancialSanctionsTarget><Name6>").append(p.family()).append("</Name6><name1>").append(given[0])
                        .append("</name1><name2>").append(given.length > 1 ? given[1] : "").append("</name2>")
                        .append("<Individual_DateOfBirth>").append(p.birth()).append("</Individual_DateOfBirth>")
                        .append("<GroupTypeDescription>Individual</GroupTypeDescription><AliasType>")
                        .append(row == 0 ? "Primary name" : "AKA").append("</AliasType><GroupID>").append(p.id())
                        .append("</GroupID></FinancialSanctionsTarget>\n");
            }
        }
        return s.append("</ArrayOfFinancialSanctionsTarget>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String[] FCDO_HEADER = {"Last Updated", "Unique ID", "OFSI Group ID", "UN Reference Number",
                "Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name type", "Alias strength", "Title", "Name non-latin script",
                "Non-latin script type", "Non-latin script language", "Regime Name", "Designation Type",
                "Designation source", "Sanctions Imposed", "Other Information", "UK Statement of Reasons",
                "Address Line 1", "Address Line 2", "Address Line 3", "Address Line 4", "Address Line 5",
                "Address Line 6", "Address Postal Code", "Address Country", "Phone number", "Website", "Email address",
                "Date Designated", "D.O.B", "Nationality(/ies)", "National Identifier number",
                "National Identifier additional information", "Passport number", "Passport additional information",
                "Position", "Gender", "Town of birth", "Country of birth", "Type of entity", "Subsidiaries",
                "Parent company", "Business registration number (s)", "IMO number", "Current owner/operator (s)",
                "Previous owner/operator (s)", "Current believed flag of ship", "Previous flags", "Type of ship",
                "Tonnage of ship", "Length of ship", "Year Built", "Hull identification number (HIN)"};

    static byte[] fcdoCsv(int people) {
        Random random = new Random(3);
        List<Person> persons = new java.util.ArrayList<>();
        for (int n = 0; n < people; n++) {
            persons.add(person(random, n));
        }
        return fcdoCsv(persons);
    }

    /** A UK FCDO list of one person of the caller's choosing (a name no test's worker bears, say), with an alias. */
    static byte[] fcdoCsv(String id, String given, String family, String birth) {
        return fcdoCsv(List.of(new Person(id, given, family, given.replace(' ', '-') + " " + family, birth)));
    }

    private static byte[] fcdoCsv(List<Person> persons) {
        String[] header = FCDO_HEADER;
        StringBuilder s = new StringBuilder("Report Date: 20-Nov-2026\r\n").append(String.join(",", header)).append("\r\n");
        for (Person p : persons) {
            for (int row = 0; row < 2; row++) {
                String[] values = new String[header.length];
                java.util.Arrays.fill(values, "");
                String[] given = (row == 0 ? p.given() : p.alias().substring(0, p.alias().lastIndexOf(' '))).split(" ");
                values[1] = "DPR" + p.id();
                values[4] = p.family();
                values[5] = given[0];
                values[6] = given.length > 1 ? given[1] : "";
                values[10] = row == 0 ? "Primary Name" : "Alias";
                values[17] = "Individual";
                values[34] = p.birth();
                values[35] = "North Korea";
                s.append(String.join(",", values)).append("\r\n");
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ftmJson(int people) {
        StringBuilder s = new StringBuilder();
        Random random = new Random(4);
        for (int n = 0; n < people; n++) {
            Person p = person(random, n);
            String[] dmy = p.birth().split("/");
            s.append("{\"id\":\"bench-").append(p.id()).append("\",\"schema\":\"Person\",\"properties\":{\"name\":[\"")
                    .append(p.given()).append(' ').append(p.family()).append("\"],\"alias\":[\"").append(p.alias())
                    .append("\"],\"birthDate\":[\"").append(dmy[2]).append('-').append(dmy[1]).append('-').append(dmy[0])
                    .append("\"],\"nationality\":[\"kp\"]},\"datasets\":[\"bench\"],\"target\":true}\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sdnAdvancedXml(int people) {
        return sdnAdvancedXml(people, 0);
    }

    /** With {@code padding} characters of remarks per party, as real parties carry addresses, programs and notes. */
    static byte[] sdnAdvancedXml(int people, int padding) {
        String remark = "<Comment>" + "Designated under a programme; see the published remarks. ".repeat(
                Math.max(0, padding / 57)) + "</Comment>";
        StringBuilder s = new StringBuilder("""
                <?xml version="1.0" encoding="utf-8"?>
                <Sanctions><ReferenceValueSets>
                <FeatureTypeValues><FeatureType ID="8">Birthdate</FeatureType></FeatureTypeValues>
                <PartySubTypeValues><PartySubType ID="4">Individual</PartySubType></PartySubTypeValues>
                </ReferenceValueSets><DistinctParties>
                """);
        Random random = new Random(5);
        for (int n = 0; n < people; n++) {
            Person p = person(random, n);
            String[] dmy = p.birth().split("/");
            s.append("<DistinctParty FixedRef=\"").append(p.id()).append("\">").append(padding > 0 ? remark : "")
                    .append("<Profile ID=\"").append(p.id())
                    .append("\" PartySubTypeID=\"4\"><Identity ID=\"").append(p.id()).append("\">")
                    .append("<Alias Primary=\"true\"><DocumentedName><DocumentedNamePart><NamePartValue>").append(p.family())
                    .append("</NamePartValue></DocumentedNamePart><DocumentedNamePart><NamePartValue>").append(p.given())
                    .append("</NamePartValue></DocumentedNamePart></DocumentedName></Alias>")
                    .append("<Alias Primary=\"false\"><DocumentedName><DocumentedNamePart><NamePartValue>").append(p.alias())
                    .append("</NamePartValue></DocumentedNamePart></DocumentedName></Alias></Identity>")
                    .append("<Feature FeatureTypeID=\"8\"><FeatureVersion><DatePeriod><Start><From><Year>").append(dmy[2])
                    .append("</Year><Month>").append(Integer.parseInt(dmy[1])).append("</Month><Day>")
                    .append(Integer.parseInt(dmy[0])).append("</Day></From></Start></DatePeriod></FeatureVersion></Feature>")
                    .append("</Profile></DistinctParty>\n");
        }
        return s.append("</DistinctParties></Sanctions>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
