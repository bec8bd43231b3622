package dev.firebreak.identity;

import dev.firebreak.identity.document.CheckDigits;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.Tokens;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** List import and screening through the API, and ID-09 on a document of a listed person. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class ScreeningApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private static final String OPERATOR = Tokens.withoutTenant("operator");
    private final String tenantId = "tenant-" + UUID.randomUUID();
    private final String ingest = Tokens.tenant(tenantId, "HIRING_FIRM", "ingest", "analyst");

    private static byte[] fixture() throws IOException {
        try (InputStream in = ScreeningApiTest.class.getResourceAsStream("/lists/un-fixture.xml")) {
            return in.readAllBytes();
        }
    }

    private void load() throws IOException {
        given().auth().oauth2(OPERATOR).contentType("application/xml").body(fixture())
                .when().put("/api/v1/watchlists/un-xml").then().log().ifValidationFails().statusCode(200).body("entries", equalTo(2));
    }

    @Test
    void anImportIsVersionedAndAMalformedOneChangesNothing() throws IOException {
        load();
        given().auth().oauth2(OPERATOR).contentType("application/xml").body(fixture())
                .when().put("/api/v1/watchlists/un-xml").then().statusCode(200)
                .body("added", equalTo(0)).body("changed", equalTo(0)).body("removed", equalTo(0));
        int version = given().auth().oauth2(OPERATOR).when().get("/api/v1/watchlists")
                .then().statusCode(200).body("find { it.source == 'un-xml' }.entries", equalTo(2))
                .extract().path("find { it.source == 'un-xml' }.version");
        given().auth().oauth2(OPERATOR).contentType("application/xml").body("<CONSOLIDATED_LIST><INDIVIDUALS>\n<oops>")
                .when().put("/api/v1/watchlists/un-xml").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("line"));
        given().auth().oauth2(OPERATOR).when().get("/api/v1/watchlists")
                .then().body("find { it.source == 'un-xml' }.version", equalTo(version));
        given().auth().oauth2(ingest).contentType("application/xml").body(fixture())
                .when().put("/api/v1/watchlists/un-xml").then().statusCode(403);
        given().auth().oauth2(OPERATOR).contentType("application/xml").body(fixture())
                .when().put("/api/v1/watchlists/eu-list").then().statusCode(400).body("errors[0].field", equalTo("source"));
        given().auth().oauth2(OPERATOR).contentType("text/csv").body("x")
                .when().put("/api/v1/watchlists/uk-ofsi-csv").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("Group ID"));
    }

    @ParameterizedTest
    @CsvSource({
            "uk-ofsi-csv, uk-ofsi-fixture.csv, Han Myong-gil, 1981-06-12, 90001",
            "uk-ofsi-xml, uk-ofsi-fixture.xml, Chon Kwang-su, 1979, 90011",
            "uk-fcdo-csv, uk-fcdo-fixture.csv, Shin Hye-young, 1987-04-02, DPR9001",
            "us-sdn-xml, us-sdn-advanced-fixture.xml, Im Ung Chol, 1984-09-03, 99001",
            "ftm-json, ftm-fixture.json, Ryang Song Il, 1990, fb-test-rang-song-il"})
    void everyOfficialFormatImportsAndScreens(String source, String file, String name, String birth, String entryId)
            throws IOException {
        byte[] body;
        try (InputStream in = ScreeningApiTest.class.getResourceAsStream("/lists/" + file)) {
            body = in.readAllBytes();
        }
        given().auth().oauth2(OPERATOR).contentType("application/octet-stream").body(body)
                .when().put("/api/v1/watchlists/" + source).then().log().ifValidationFails().statusCode(200)
                .body("source", equalTo(source)).body("entries", equalTo(2));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Map.of("name", name, "dateOfBirth", birth))
                .when().post("/api/v1/screenings").then().statusCode(200)
                .body("matches[0].source", equalTo(source)).body("matches[0].entryId", equalTo(entryId))
                // the listed date was read: it corroborates the query's, or shares its year (a year-only query or
                // listing, or another day)
                .body("matches[0].explanation", org.hamcrest.Matchers.anyOf(containsString("date of birth corroborated"),
                        containsString("date of birth the year only (" + birth.substring(0, 4) + ")")));
        // a truncated file is rejected and the loaded version stays
        given().auth().oauth2(OPERATOR).contentType("application/octet-stream")
                .body(Arrays.copyOf(body, body.length * 2 / 3))
                .when().put("/api/v1/watchlists/" + source).then().statusCode(422)
                .contentType("application/problem+json");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Map.of("name", name, "dateOfBirth", birth))
                .when().post("/api/v1/screenings").then().statusCode(200).body("matches[0].entryId", equalTo(entryId));
    }

    @Test
    void aZipBombIsRefusedBeforeItIsInflated() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("sdn.csv"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) { // 256 MiB of zeros, a quarter of a megabyte compressed
                zip.write(zeros);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("alt.csv"));
            zip.closeEntry();
        }
        assertTrue(bytes.size() < 2 << 20, "the bomb is small: " + bytes.size());
        given().auth().oauth2(OPERATOR).contentType("application/octet-stream").body(bytes.toByteArray())
                .when().put("/api/v1/watchlists/us-sdn-csv").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("sdn.csv inflates more than"));
    }

    @Test
    void aFileThatBreaksAfterThousandsOfWrittenEntriesChangesNothing() {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            file.append("{\"id\":\"fb-bulk-").append(i).append("\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Bulkentry Zzyzx")
                    .append(i).append("\"]},\"target\":true}\n");
        }
        file.append("{\"id\": \"fb-bulk-broken\", \"schema\":\n");
        Integer before = given().auth().oauth2(OPERATOR).when().get("/api/v1/watchlists").then().statusCode(200)
                .extract().path("find { it.source == 'ftm-json' }.version");
        given().auth().oauth2(OPERATOR).contentType("application/octet-stream")
                .body(file.toString().getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/watchlists/ftm-json").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("line 1501"));
        given().auth().oauth2(OPERATOR).when().get("/api/v1/watchlists").then()
                .body("find { it.source == 'ftm-json' }.version", equalTo(before));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Map.of("name", "Bulkentry Zzyzx7"))
                .when().post("/api/v1/screenings").then().statusCode(200).body("matches", hasSize(0));
    }

    @Test
    void walletsAndPassportsFromTheAdvancedFormatMatchExactly() throws IOException {
        byte[] body;
        try (InputStream in = ScreeningApiTest.class.getResourceAsStream("/lists/us-sdn-advanced-fixture.xml")) {
            body = in.readAllBytes();
        }
        given().auth().oauth2(OPERATOR).contentType("application/xml").body(body)
                .when().put("/api/v1/watchlists/us-sdn-xml").then().statusCode(200);
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("name", "Unrelated Person", "identifiers", List.of("0x7f19720a857f1a1c0e3c2b6a4f8e2c4f1b9d0e11")))
                .when().post("/api/v1/screenings").then().statusCode(200)
                .body("matches[0].entryId", equalTo("99001")).body("matches[0].score", equalTo(1.0f));
    }

    @Test
    void screeningFindsVariantsAndIsSeparatedByDateOfBirth() throws IOException {
        load();
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("name", "Pak Chol-min", "dateOfBirth", "1975-03-14"))
                .when().post("/api/v1/screenings").then().statusCode(200)
                .body("matches[0].entryId", equalTo("KPi.901"))
                .body("matches[0].explanation", containsString("corroborated"));
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("name", "Pak Chol-min", "dateOfBirth", "1990"))
                .when().post("/api/v1/screenings").then().statusCode(200).body("matches", hasSize(0));
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("name", "Someone Else", "identifiers", List.of("654321987")))
                .when().post("/api/v1/screenings").then().statusCode(200)
                .body("matches[0].entryId", equalTo("KPi.901")).body("matches[0].score", equalTo(1.0f));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Map.of("name", "x", "dateOfBirth", "14/03/1975"))
                .when().post("/api/v1/screenings").then().statusCode(400).body("errors[0].field", equalTo("dateOfBirth"));
        given().auth().oauth2(Tokens.withoutTenant("screening")).contentType(ContentType.JSON)
                .body(Map.of("name", "Koryo Test Trading Corp"))
                .when().post("/api/v1/screenings").then().statusCode(200).body("matches.entryId", hasItem("KPe.901"));
        // what a query is: a person is never matched to an organisation; an unknown type is a 400 naming the field
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("name", "Koryo Test Trading Corp", "type", "PERSON"))
                .when().post("/api/v1/screenings").then().statusCode(200).body("matches", hasSize(0));
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("name", "Koryo Test Trading Corp", "type", "ORGANISATION"))
                .when().post("/api/v1/screenings").then().statusCode(200).body("matches[0].entryId", equalTo("KPe.901"))
                .body("matches[0].basis", equalTo("rare name alone"));
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("name", "Pak Chol-min", "type", "ORGANISATION"))
                .when().post("/api/v1/screenings").then().statusCode(200).body("matches", hasSize(0));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Map.of("name", "Pak Chol-min", "type", "ROBOT"))
                .when().post("/api/v1/screenings").then().statusCode(400).body("errors[0].field", equalTo("type"));
    }

    @Test
    void aDocumentOfAListedPersonRaisesId09() throws IOException {
        load();
        List<String> mrz = List.of(("P<CHNPAK<<CHOL<MIN" + "<".repeat(44)).substring(0, 44), passportLine("G12345678", "CHN", "750314"));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Fixtures.document(Fixtures.worker(), mrz))
                .when().post("/api/v1/documents").then().statusCode(201)
                .body("signals.code", hasItem("ID-09"))
                .body("signals.find { it.code == 'ID-09' }.severity", equalTo("CRITICAL"));
    }

    @Test
    void aListChangeRescreensKnownWorkersAndIsAnnounced() {
        String listed = Fixtures.worker();
        String namesake = Fixtures.worker();
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("workerId", listed, "source", "freelance-platform", "observedAt", "2026-11-02T09:00:00Z",
                        "fullName", "Kang Tae-ryong"))
                .when().post("/api/v1/profiles").then().statusCode(201).body("signals.code", not(hasItem("ID-09")));
        List<String> mrz = List.of(("P<CHNKANG<<TAE<RYONG" + "<".repeat(44)).substring(0, 44),
                passportLine("G55501234", "CHN", "910101"));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Fixtures.document(namesake, mrz))
                .when().post("/api/v1/documents").then().statusCode(201).body("signals.code", not(hasItem("ID-09")));

        String list = """
                {"id":"fb-rescreen-kang","schema":"Person","properties":{"name":["Kang Tae Ryong"],"birthDate":["1983-05-05"]},"target":true}
                {"id":"fb-rescreen-org","schema":"Company","properties":{"name":["Rescreen Test Holdings"]},"target":true}
                """;
        int version = given().auth().oauth2(OPERATOR).contentType("application/octet-stream").body(list.getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/watchlists/ftm-json").then().statusCode(200).extract().path("version");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(ingest).when().get("/api/v1/workers/" + listed + "/identity")
                        .then().statusCode(200).body("signals.code", hasItem("ID-09")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(OPERATOR).when().get("/api/v1/watchlists/rescreens").then().statusCode(200)
                        .body("find { it.watchlistVersion == " + version + " }.finishedAt", notNullValue()));
        // the namesake's document gives another date of birth: no match
        given().auth().oauth2(ingest).when().get("/api/v1/workers/" + namesake + "/identity")
                .then().statusCode(200).body("signals.code", not(hasItem("ID-09")));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "watchlists.updated").stream()
                .anyMatch(r -> r.key().equals("ftm-json") && r.value().contains("\"version\":" + version)));

        // a later change re-screens again, but the same match is the same signal
        given().auth().oauth2(OPERATOR).contentType("application/octet-stream").body(list.replace("Holdings", "Holding Co").getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/watchlists/ftm-json").then().statusCode(200).body("changed", equalTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(OPERATOR).when().get("/api/v1/watchlists/rescreens").then()
                        .body("[0].finishedAt", notNullValue()));
        given().auth().oauth2(ingest).when().get("/api/v1/workers/" + listed + "/identity")
                .then().statusCode(200).body("signals.findAll { it.code == 'ID-09' }", hasSize(1));
        // the runs count every tenant's workers: an operator's view, not a tenant's analyst's
        given().auth().oauth2(Tokens.tenant("tenant-a", "HIRING_FIRM", "analyst")).when()
                .get("/api/v1/watchlists/rescreens").then().statusCode(403).contentType("application/problem+json");
    }

    /**
     * Issue 28: a profile's name-only match is withdrawn when the worker's document brings a date of birth that
     * contradicts it (on the topic and in the worker's view), and raised again as a new signal when a list change
     * makes it true again; the common name alone is below the CRITICAL bar, the corroborated match is not.
     */
    @Test
    void aContradictingDateOfBirthWithdrawsAMatchAndAListChangeRaisesItAgain() {
        String worker = Fixtures.worker();
        String entry = "{\"id\":\"fb-withdraw-ri\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Ri Chol Ung\"],"
                + "\"birthDate\":[\"1970-05-01\"]},\"target\":true}\n";
        importFtm(entry);
        String signalId = given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "source", "freelance-platform", "observedAt", "2026-11-03T09:00:00Z",
                        "fullName", "Ri Chol-ung"))
                .when().post("/api/v1/profiles").then().statusCode(201)
                .body("signals.find { it.code == 'ID-09' }.confidence", equalTo(0.75f))
                .extract().path("signals.find { it.code == 'ID-09' }.signalId");

        // the worker's passport: the same name, born 1988, not 1970
        List<String> mrz = List.of(("P<CHNRI<<CHOL<UNG" + "<".repeat(44)).substring(0, 44),
                passportLine("G77001234", "CHN", "880101"));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Fixtures.document(worker, mrz))
                .when().post("/api/v1/documents").then().statusCode(201).body("signals.code", not(hasItem("ID-09")));
        given().auth().oauth2(ingest).when().get("/api/v1/workers/" + worker + "/identity").then().statusCode(200)
                .body("signals.find { it.signalId == '" + signalId + "' }.expiresAt", notNullValue())
                .body("signals.find { it.signalId == '" + signalId + "' }.evidence.withdrawn.reason",
                        containsString("date of birth"));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "risk.signals").stream()
                .anyMatch(r -> r.value().contains(signalId) && r.value().contains("\"withdrawn\"")));

        // the list corrects the entry's date of birth to the worker's: the profile's and the document's names match,
        // corroborated
        importFtm(entry.replace("1970-05-01", "1988-01-01"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ingest)
                .when().get("/api/v1/workers/" + worker + "/identity").then().statusCode(200)
                .body("signals.findAll { it.code == 'ID-09' && it.expiresAt == null }.confidence",
                        hasItem(Matchers.greaterThanOrEqualTo(0.8f))));

        // a list change that ends the match withdraws it; when it returns unchanged, it is raised as a new signal
        importFtm(entry.replace("Ri Chol Ung", "Zzyzx Quorble"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ingest)
                .when().get("/api/v1/workers/" + worker + "/identity").then().statusCode(200)
                .body("signals.findAll { it.code == 'ID-09' && it.expiresAt == null }", hasSize(0)));
        importFtm(entry.replace("1970-05-01", "1988-01-01"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ingest)
                .when().get("/api/v1/workers/" + worker + "/identity").then().statusCode(200)
                .body("signals.findAll { it.code == 'ID-09' && it.expiresAt == null }", hasSize(2))
                // the profile's name-only match, the profile's and the document's corroborated matches (withdrawn
                // when the list ended them), and those two raised again as new signals
                .body("signals.findAll { it.code == 'ID-09' }", hasSize(5)));
    }

    private void importFtm(String list) {
        given().auth().oauth2(OPERATOR).contentType("application/octet-stream")
                .body(list.getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/watchlists/ftm-json").then().statusCode(200);
    }

    private static String passportLine(String number, String nationality, String dob) {
        String expiry = "310101";
        String line = number + digit(number) + nationality + dob + digit(dob) + "M" + expiry + digit(expiry)
                + "<".repeat(14) + "<";
        String composite = line.substring(0, 10) + line.substring(13, 20) + line.substring(21, 43);
        return line + digit(composite);
    }

    private static char digit(String field) {
        return CheckDigits.of(field);
    }
}
