package dev.firebreak.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.identity.watchlist.FtmJsonParser;
import dev.firebreak.identity.watchlist.ListFormatException;
import dev.firebreak.identity.watchlist.OfacAdvancedXmlParser;
import dev.firebreak.identity.watchlist.UkListParser;
import dev.firebreak.identity.watchlist.WatchlistEntry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsers of the UK, OFAC advanced and FollowTheMoney formats on fixtures written in those layouts. */
class ListParsersTest {

    private static String text(String name) throws IOException {
        try (InputStream in = ListParsersTest.class.getResourceAsStream("/lists/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ofsiCsvGroupsNameRowsByGroupId() throws IOException {
        List<WatchlistEntry> entries = new ArrayList<>();
        UkListParser.parseOfsiCsv(new StringReader(text("uk-ofsi-fixture.csv")), entries::add);
        assertEquals(2, entries.size());
        WatchlistEntry han = entries.getFirst();
        assertEquals("90001", han.entryId());
        assertEquals("INDIVIDUAL", han.type());
        assertEquals("MYONG GIL HAN", han.primaryName());
        assertEquals(List.of("한명길", "MYONG KIL HAN"), han.aliases());
        assertEquals(List.of("1981-06-12"), han.datesOfBirth());
        assertEquals(List.of("836410077"), han.identifiers());
        assertEquals("ENTITY", entries.get(1).type());
        assertEquals(List.of("CTNC LIMITED"), entries.get(1).aliases());
    }

    @Test
    void ofsiXmlReadsOneElementPerNameAndPartialDates() throws IOException {
        List<WatchlistEntry> entries = new ArrayList<>();
        UkListParser.parseOfsiXml(bytes(text("uk-ofsi-fixture.xml")), entries::add);
        assertEquals(List.of("90011", "90012"), entries.stream().map(WatchlistEntry::entryId).toList());
        assertEquals("KWANG SU JON", entries.getFirst().primaryName());
        assertEquals(List.of("KWANG SU CHON"), entries.getFirst().aliases());
        assertEquals(List.of("1979"), entries.getFirst().datesOfBirth());
        assertEquals(List.of("563310891"), entries.getFirst().identifiers());
    }

    @Test
    void fcdoCsvSplitsMultiValuedCells() throws IOException {
        List<WatchlistEntry> entries = new ArrayList<>();
        UkListParser.parseFcdoCsv(new StringReader(text("uk-fcdo-fixture.csv")), entries::add);
        assertEquals(List.of("DPR9001", "DPR9002"), entries.stream().map(WatchlistEntry::entryId).toList());
        WatchlistEntry sin = entries.getFirst();
        assertEquals("HYE YONG SIN", sin.primaryName());
        assertEquals(List.of("HYE YOUNG SHIN"), sin.aliases());
        assertEquals(List.of("1988-02-15", "1987"), sin.datesOfBirth());
        assertEquals(List.of("North Korea"), sin.nationalities());
    }

    @Test
    void ofacAdvancedXmlJoinsDocumentsLocationsAndFeatures() throws IOException {
        List<WatchlistEntry> entries = new ArrayList<>();
        OfacAdvancedXmlParser.parse(bytes(text("us-sdn-advanced-fixture.xml")), entries::add);
        assertEquals(2, entries.size());
        WatchlistEntry rim = entries.getFirst();
        assertEquals("99001", rim.entryId());
        assertEquals("INDIVIDUAL", rim.type());
        assertEquals("RIM Ung Chol", rim.primaryName());
        assertEquals(List.of("IM Ung-chol"), rim.aliases());
        assertEquals(List.of("1984-09-03"), rim.datesOfBirth());
        assertEquals(List.of("Korea, North", "China"), rim.nationalities());
        assertEquals(Set.of("927100555", "0x7F19720A857F1A1C0E3C2B6a4F8E2C4f1B9D0E11"), Set.copyOf(rim.identifiers()));
        WatchlistEntry company = entries.get(1);
        assertEquals("ENTITY", company.type());
        assertEquals(List.of("1950", "1951", "1952", "1953"), company.datesOfBirth());
    }

    @Test
    void ftmKeepsTargetsAndAttachesHeldPassportsAndWallets() throws IOException {
        List<WatchlistEntry> entries = new ArrayList<>();
        FtmJsonParser.parse(new StringReader(text("ftm-fixture.json")), new ObjectMapper(), entries::add);
        assertEquals(List.of("fb-test-rang-song-il", "fb-test-org-1"), entries.stream().map(WatchlistEntry::entryId).toList());
        WatchlistEntry rang = entries.getFirst();
        assertEquals(List.of("Ryang Song-il", "Song"), rang.aliases());
        assertEquals(Set.of("PK4417702", "BC1QFBTEST8X9D7W3K5R2M4V6N0P8Q2S4T6U8W0Y2"), Set.copyOf(rang.identifiers()));
        assertEquals(List.of("1990-07-21"), rang.datesOfBirth());
        assertEquals("INDIVIDUAL", rang.type());
        assertEquals("ENTITY", entries.get(1).type());
        // a LegalEntity may be a person or an organisation: of no known type, so screened as either
        List<WatchlistEntry> legal = new ArrayList<>();
        FtmJsonParser.parse(new StringReader("{\"id\":\"fb-legal\",\"schema\":\"LegalEntity\",\"properties\":"
                + "{\"name\":[\"Zarya Holdings\"]},\"target\":true}\n"), new ObjectMapper(), legal::add);
        assertEquals("UNKNOWN", legal.getFirst().type());
    }

    @Test
    void malformedFilesNameWhereTheyBreak() throws IOException {
        String csv = text("uk-ofsi-fixture.csv");
        String shortRow = csv + "HAN,ONLY,THREE\r\n";
        assertFails(() -> UkListParser.parseOfsiCsv(new StringReader(shortRow), e -> { }), "line 7");
        assertFails(() -> UkListParser.parseFcdoCsv(new StringReader("a,b\n1,2\n3,4\n5,6\n"), e -> { }), "Unique ID");
        String xml = text("uk-ofsi-fixture.xml").replace("</Name6>\n    <name1>KWANG", "\n    <name1>KWANG");
        assertFails(() -> UkListParser.parseOfsiXml(bytes(xml), e -> { }), "line");
        assertFails(() -> OfacAdvancedXmlParser.parse(bytes("<CONSOLIDATED_LIST/>"), e -> { }), "not Sanctions");
        String ftm = text("ftm-fixture.json") + "{\"id\": \"x\", \"schema\": \n";
        assertFails(() -> FtmJsonParser.parse(new StringReader(ftm), new ObjectMapper(), e -> { }), "line 7");
    }

    private static void assertFails(Runnable parse, String where) {
        ListFormatException e = assertThrows(ListFormatException.class, parse::run);
        assertTrue(e.getMessage().contains(where), e.getMessage());
    }
}
