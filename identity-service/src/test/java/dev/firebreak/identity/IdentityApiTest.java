package dev.firebreak.identity;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.localstack.testing.OpenApiSnapshot;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.Tokens;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertNull;
import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class IdentityApiTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, never the API's. */
    @TestHTTPResource(value = "health", management = true)
    URL management;

    private static final ObjectMapper JSON = new ObjectMapper();
    // a tenant of its own per test: tests share documents, which within one tenant would link their workers (ID-08)
    private final String tenantId = "tenant-" + UUID.randomUUID();
    private final String ingestToken = tenant(tenantId, "HIRING_FIRM", "ingest", "analyst");
    private final String analystToken = tenant(tenantId, "HIRING_FIRM", "analyst");
    private final String otherTenantToken = tenant("other-" + UUID.randomUUID(), "PLATFORM", "ingest", "analyst");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void noTokenIsUnauthorizedProblem() {
        given().contentType(ContentType.JSON).body(Fixtures.document(Fixtures.worker(), Fixtures.PRK_PASSPORT))
                .when().post("/api/v1/documents")
                .then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
    }

    @Test
    void forgedTokenIsUnauthorized() {
        given().auth().oauth2(ingestToken.substring(0, ingestToken.length() - 4) + "AAAA").contentType(ContentType.JSON)
                .body(Fixtures.document(Fixtures.worker(), Fixtures.PRK_PASSPORT))
                .when().post("/api/v1/documents")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenIssuedForAnotherAudienceIsUnauthorized() {
        String elsewhere = Tokens.forAnotherAudience("tenant-a", "HIRING_FIRM", "ingest");
        given().auth().oauth2(elsewhere).contentType(ContentType.JSON)
                .body(Fixtures.document(Fixtures.worker(), Fixtures.PRK_PASSPORT))
                .when().post("/api/v1/documents")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void wrongRoleIsForbiddenAndStoresNothing() {
        String worker = Fixtures.worker();
        given().auth().oauth2(analystToken).contentType(ContentType.JSON).body(Fixtures.document(worker, Fixtures.PRK_PASSPORT))
                .when().post("/api/v1/documents")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then().statusCode(404);
    }

    @Test
    void dprkPassportRaisesId10OnceOnTheTopic() throws Exception {
        String worker = Fixtures.worker();
        String signalId = given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Fixtures.document(worker, Fixtures.PRK_PASSPORT))
                .when().post("/api/v1/documents")
                .then().statusCode(201)
                .body("duplicate", equalTo(false))
                .body("mrzFormat", equalTo("TD3"))
                .body("signals", hasSize(1))
                .body("signals[0].code", equalTo("ID-10"))
                .body("signals[0].severity", equalTo("CRITICAL"))
                .body("checks.find { it.check == 'dprk-nexus' }.passed", equalTo(false))
                .extract().path("signals[0].signalId");

        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, Fixtures.PRK_PASSPORT))
                .when().post("/api/v1/documents")
                .then().statusCode(200).body("duplicate", equalTo(true))
                .body("signals[0].signalId", equalTo(signalId)).body("signals[0].isNew", equalTo(false));

        await().atMost(Duration.ofSeconds(30)).until(() -> signalsOnTopic(signalId).size() == 1);
        Thread.sleep(1500); // several relay cycles: a second copy would have arrived by now
        List<JsonNode> onTopic = signalsOnTopic(signalId);
        assertEquals(1, onTopic.size());
        JsonNode signal = onTopic.getFirst();
        assertEquals(tenantId, signal.path("tenantId").asText());
        assertEquals(worker, signal.path("subject").path("workerId").asText());
        assertEquals("identity-service", signal.path("source").asText());
        assertEquals("nationality", signal.path("evidence").path("matches").get(1).path("field").asText());
        assertTrue(signal.path("identifiers").get(0).asText().startsWith("v1:"));

        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .anyMatch(r -> r.key().equals(tenantId + ":" + worker) && r.value().contains("\"DOCUMENT_COUNTRY\"")
                        && r.value().contains("\"KP\"")));
    }

    @Test
    void nationalityAloneIsTheNexusEvenWhenAnotherStateIssued() {
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Fixtures.document(Fixtures.worker(), Fixtures.CHN_ISSUED_PRK_NATIONAL))
                .when().post("/api/v1/documents")
                .then().statusCode(201).body("signals[0].code", equalTo("ID-10"))
                .body("signals[0].confidence", equalTo(1.0f));
    }

    @Test
    void cleanPassportRaisesNothing() {
        String worker = Fixtures.worker();
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, Fixtures.GBR_PASSPORT))
                .when().post("/api/v1/documents")
                .then().statusCode(201).body("signals", hasSize(0))
                .body("checks.find { it.check == 'dprk-nexus' }.passed", equalTo(true));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker)
                .then().statusCode(200).body("documents", hasSize(1)).body("documents[0].issuingState", equalTo("GBR"))
                .body("signals", hasSize(0));
    }

    @Test
    void aBadCheckDigitRaisesId07NamingTheCheck() {
        String worker = Fixtures.worker();
        List<String> tampered = List.of(Fixtures.GBR_PASSPORT.get(0),
                Fixtures.GBR_PASSPORT.get(1).replace("9007220F", "9007210F"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, tampered))
                .when().post("/api/v1/documents")
                .then().statusCode(201)
                .body("checks.find { it.check == 'check-digit:date-of-birth' }.passed", equalTo(false))
                .body("checks.find { it.check == 'check-digit:date-of-birth' }.reason", containsString("computes to"))
                .body("checks.find { it.check == 'check-digit:document-number' }.passed", equalTo(true))
                .body("signals", hasSize(1))
                .body("signals[0].code", equalTo("ID-07"))
                .body("signals[0].severity", equalTo("HIGH"))
                .body("signals[0].confidence", equalTo(0.9f));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker)
                .then().statusCode(200)
                .body("documents[0].failedChecks", hasItem("check-digit:date-of-birth"))
                .body("signals[0].evidence.failedChecks.check", hasItem("check-digit:composite"));
    }

    @Test
    void aFailedDocumentsFlagLastsUntilAValidDocumentSupersedesIt() {
        String worker = Fixtures.worker();
        List<String> tampered = List.of(Fixtures.GBR_PASSPORT.get(0),
                Fixtures.GBR_PASSPORT.get(1).replace("9007220F", "9007210F"));
        String failed = given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, tampered))
                .when().post("/api/v1/documents").then().statusCode(201).body("signals[0].code", equalTo("ID-07"))
                .extract().path("signals[0].signalId");
        // until then it stands
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then().statusCode(200)
                .body("signals.find { it.signalId == '" + failed + "' }.evidence.withdrawn", nullValue());
        // the same document corrected is the same document: a replay, which withdraws nothing
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, Fixtures.GBR_PASSPORT))
                .when().post("/api/v1/documents").then().statusCode(200);
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then().statusCode(200)
                .body("signals.find { it.signalId == '" + failed + "' }.evidence.withdrawn", nullValue());
        // the worker's new, valid passport: the failed one's flag is withdrawn, saying why
        List<String> renewed = Fixtures.gbrPassport("K" + (10_000_000 + (int) (Math.random() * 89_999_999)));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, renewed))
                .when().post("/api/v1/documents").then().statusCode(201).body("signals.code", not(hasItem("ID-07")));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then().statusCode(200)
                .body("signals.find { it.signalId == '" + failed + "' }.expiresAt", notNullValue())
                .body("signals.find { it.signalId == '" + failed + "' }.evidence.withdrawn.reason", containsString("superseded"));
        // a replay of the valid document changes nothing
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, renewed))
                .when().post("/api/v1/documents").then().statusCode(200);
    }

    @Test
    void theVisualZoneMustAgreeWithTheMrz() {
        Map<String, Object> agreeing = Map.of("surname", "Hartley", "givenNames", "Eleanor Rose",
                "documentNumber", "532198764", "nationality", "GBR", "issuingState", "GBR",
                "dateOfBirth", "1990-07-22", "sex", "F", "expiryDate", "2033-09-15");
        Map<String, Object> body = new HashMap<>(Fixtures.document(Fixtures.worker(), Fixtures.GBR_PASSPORT));
        body.put("visualZone", agreeing);
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/documents")
                .then().statusCode(201).body("signals", hasSize(0))
                .body("checks.find { it.check == 'visual-zone' }.passed", equalTo(true));
        Map<String, Object> disagreeing = new HashMap<>(agreeing);
        disagreeing.put("surname", "Hartleigh");
        disagreeing.put("dateOfBirth", "1991-07-22");
        body = new HashMap<>(Fixtures.document(Fixtures.worker(), Fixtures.GBR_PASSPORT));
        body.put("visualZone", disagreeing);
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/documents")
                .then().statusCode(201)
                .body("checks.find { it.check == 'visual-zone' }.reason", containsString("surname, dateOfBirth"))
                .body("signals[0].code", equalTo("ID-07"));
    }

    @Test
    void aSpecimenOrExpiredDocumentIsReported() {
        List<String> specimen = List.of("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(Fixtures.worker(), specimen))
                .when().post("/api/v1/documents")
                .then().statusCode(201)
                .body("checks.find { it.check == 'state-code:issuing-state' }.passed", equalTo(false))
                .body("checks.find { it.check == 'expired' }.reason", equalTo("expired on 2012-04-15"))
                .body("checks.findAll { it.check.startsWith('check-digit') }.every { it.passed }", equalTo(true))
                .body("signals[0].code", equalTo("ID-07"));
    }

    @Test
    void oneDocumentOrPhotoUsedByTwoWorkersRaisesId08ForBoth() throws Exception {
        String first = Fixtures.worker();
        String second = Fixtures.worker();
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(first, Fixtures.GBR_PASSPORT))
                .when().post("/api/v1/documents").then().statusCode(201).body("signals", hasSize(0));
        given().auth().oauth2(otherTenantToken).contentType(ContentType.JSON).body(Fixtures.document(second, Fixtures.GBR_PASSPORT))
                .when().post("/api/v1/documents").then().statusCode(201).body("signals", hasSize(0));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(second, Fixtures.GBR_PASSPORT))
                .when().post("/api/v1/documents").then().statusCode(201)
                .body("signals[0].code", equalTo("ID-08"))
                .body("signals[0].severity", equalTo("HIGH"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", first)
                .then().statusCode(200)
                .body("signals[0].code", equalTo("ID-08"))
                .body("signals[0].evidence.kind", equalTo("SAME_DOCUMENT"))
                .body("signals[0].evidence.sharedWith", hasItem(second));
        String groupOfFirst = given().auth().oauth2(analystToken).get("/api/v1/workers/{id}/identity", first).path("signals[0].groupId");
        String groupOfSecond = given().auth().oauth2(analystToken).get("/api/v1/workers/{id}/identity", second).path("signals[0].groupId");
        assertEquals(groupOfFirst, groupOfSecond);

        String third = Fixtures.worker();
        String fourth = Fixtures.worker();
        Map<String, Object> withPhoto = new HashMap<>(Fixtures.document(third, Fixtures.PRK_PASSPORT));
        withPhoto.put("photoHash", "f0e1d2c3b4a59687");
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(withPhoto)
                .when().post("/api/v1/documents").then().statusCode(201);
        Map<String, Object> nearPhoto = new HashMap<>(Fixtures.document(fourth, Fixtures.CHN_ISSUED_PRK_NATIONAL));
        nearPhoto.put("photoHash", "f0e1d2c3b4a59684");
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(nearPhoto)
                .when().post("/api/v1/documents").then().statusCode(201)
                .body("signals.code", hasItem("ID-08"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", third)
                .then().body("signals.find { it.code == 'ID-08' }.evidence.kind", equalTo("SIMILAR_PHOTO"));
        // six bits apart, one in each of six of the photo index's eight segments: found through the two left
        String fifth = Fixtures.worker();
        String sixth = Fixtures.worker();
        long base = 0x13579bdf2468ace0L ^ System.nanoTime();
        long spread = base ^ 0x0001010101010100L;
        Map<String, Object> photo = new HashMap<>(Fixtures.document(fifth, Fixtures.PRK_PASSPORT));
        photo.put("photoHash", String.format("%016x", base));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(photo)
                .when().post("/api/v1/documents").then().statusCode(201);
        Map<String, Object> spreadPhoto = new HashMap<>(Fixtures.document(sixth, Fixtures.CHN_ISSUED_PRK_NATIONAL));
        spreadPhoto.put("photoHash", String.format("%016x", spread));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(spreadPhoto)
                .when().post("/api/v1/documents").then().statusCode(201);
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", sixth).then()
                .body("signals.findAll { it.evidence.kind == 'SIMILAR_PHOTO' }.evidence.sharedWith.flatten()",
                        hasItem(fifth));
        Map<String, Object> badHash = new HashMap<>(Fixtures.document(Fixtures.worker(), Fixtures.GBR_PASSPORT));
        badHash.put("photoHash", "not-a-hash");
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(badHash)
                .when().post("/api/v1/documents").then().statusCode(400).body("errors[0].field", equalTo("photoHash"));
    }

    @Test
    void attestationsRaiseId11OrId05OnceEach() {
        String worker = Fixtures.worker();
        Map<String, Object> refused = Map.of("workerId", worker, "kind", "CAMERA_REFUSED",
                "observedAt", "2026-11-10T15:00:00Z", "note", "declined video twice");
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(refused)
                .when().post("/api/v1/attestations").then().statusCode(201)
                .body("signals[0].code", equalTo("ID-11")).body("signals[0].severity", equalTo("MEDIUM"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(refused)
                .when().post("/api/v1/attestations").then().statusCode(200)
                .body("duplicate", equalTo(true)).body("signals[0].isNew", equalTo(false));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "kind", "EMPLOYMENT_UNVERIFIABLE", "observedAt", "2026-11-11T09:00:00Z"))
                .when().post("/api/v1/attestations").then().statusCode(201).body("signals[0].code", equalTo("ID-05"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "kind", "LOOKED_SHIFTY", "observedAt", "2026-11-11T09:00:00Z"))
                .when().post("/api/v1/attestations").then().statusCode(400).body("errors[0].field", equalTo("kind"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker)
                .then().statusCode(200).body("attestations", hasSize(2))
                .body("signals.find { it.code == 'ID-11' }.evidence.kind", equalTo("CAMERA_REFUSED"))
                .body("signals.find { it.code == 'ID-11' }.evidence.attestedBy", equalTo("HIRING_FIRM"))
                .body(Matchers.not(containsString("declined video")));
    }

    @Test
    void hardwareShippedAwayFromTheIdAddressRaisesId12() {
        String worker = Fixtures.worker();
        Map<String, Object> body = new HashMap<>(Fixtures.document(worker, Fixtures.GBR_PASSPORT));
        body.put("visualZone", Map.of("address", Map.of("country", "GB", "postcode", "LS1 4AP", "city", "Leeds")));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/documents").then().statusCode(201);
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "observedAt", "2026-11-12T10:00:00Z",
                        "address", Map.of("country", "GBR", "postcode", "ls14ap", "lines", List.of("1 Park Row"))))
                .when().post("/api/v1/shipping-requests").then().statusCode(201)
                .body("idAddressKnown", equalTo(true)).body("signals", hasSize(0));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "observedAt", "2026-11-13T10:00:00Z",
                        "address", Map.of("country", "CN", "postcode", "110000", "city", "Shenyang")))
                .when().post("/api/v1/shipping-requests").then().statusCode(201)
                .body("signals[0].code", equalTo("ID-12"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", Fixtures.worker(), "observedAt", "2026-11-13T10:00:00Z",
                        "address", Map.of("country", "GB"), "cannotReceiveAtIdAddress", true))
                .when().post("/api/v1/shipping-requests").then().statusCode(201)
                .body("idAddressKnown", equalTo(false)).body("signals[0].code", equalTo("ID-12"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "observedAt", "2026-11-13T10:00:00Z", "address", Map.of("country", "QQ")))
                .when().post("/api/v1/shipping-requests").then().statusCode(400)
                .body("errors[0].field", equalTo("address.country"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker)
                .then().body("shippingRequests", hasSize(2))
                .body("signals.find { it.code == 'ID-12' }.evidence.idAddressCountry", equalTo("GB"));
    }

    @Test
    void dprkPhoneInAProfileRaisesId10() {
        String worker = Fixtures.worker();
        Map<String, Object> profile = Map.of("workerId", worker, "source", "freelance-platform",
                "observedAt", "2026-11-01T09:00:00Z", "fullName", "Jin Park",
                "location", Map.of("country", "JP"), "phone", "+850 2 381 2301", "email", "Jin.Park@example.org");
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(profile)
                .when().post("/api/v1/profiles")
                .then().statusCode(201).body("signals[0].code", equalTo("ID-10"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(profile)
                .when().post("/api/v1/profiles")
                .then().statusCode(200).body("duplicate", equalTo(true));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker)
                .then().statusCode(200)
                .body("profiles", hasSize(1))
                .body("profiles[0].phoneCountry", equalTo("KP"))
                .body("profiles[0].locationCountry", equalTo("JP"))
                .body("signals.code", Matchers.containsInAnyOrder("ID-10", "ID-03"))
                .body("signals.find { it.code == 'ID-10' }.evidence.callingCode", equalTo("+850"))
                .body("signals.find { it.code == 'ID-03' }.evidence.explanation", containsString("third country"));
    }

    @Test
    void sourcesThatDisagreeRaiseConsistencyFlagsNamingThem() {
        String worker = Fixtures.worker();
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, Fixtures.GBR_PASSPORT))
                .when().post("/api/v1/documents").then().statusCode(201).body("signals", hasSize(0));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "source", "freelance-platform", "observedAt", "2026-11-01T09:00:00Z",
                        "fullName", "Eleanor Hartley", "nationality", "CA", "location", Map.of("country", "GB"),
                        "email", "eh@mailinator.com"))
                .when().post("/api/v1/profiles").then().statusCode(201)
                .body("signals.code", Matchers.containsInAnyOrder("ID-02", "ID-04"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then()
                .body("signals.find { it.code == 'ID-02' }.evidence.sources.source",
                        Matchers.containsInAnyOrder("document from hiring-portal", "profile from freelance-platform"))
                .body("signals.find { it.code == 'ID-04' }.evidence.explanation", containsString("disposable"));
    }

    /**
     * Issue 30: the education and employment a profile gives are kept, and a later account that moves an employer's
     * dates by years raises ID-05; an entry the service cannot read is a 400 naming it, and stores nothing.
     */
    @Test
    void historyIsKeptAndAHistoryToldDifferentlyRaisesId05() {
        String worker = Fixtures.worker();
        Map<String, Object> first = new java.util.HashMap<>(Map.of("workerId", worker, "source", "cv",
                "observedAt", "2026-06-01T09:00:00Z", "fullName", "Eleanor Hartley",
                "employment", List.of(Map.of("employer", "Acme Software Ltd", "from", "2018-03", "to", "2021-06")),
                "education", List.of(Map.of("institution", "University of Leeds", "from", "2014", "to", "2017"))));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(first)
                .when().post("/api/v1/profiles").then().statusCode(201).body("signals", hasSize(0));
        Map<String, Object> bad = new java.util.HashMap<>(first);
        bad.put("observedAt", "2026-07-01T09:00:00Z");
        bad.put("employment", List.of(Map.of("employer", "Acme Software Ltd", "from", "sometime")));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(bad)
                .when().post("/api/v1/profiles").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("employment[0].from"));
        Map<String, Object> moved = new java.util.HashMap<>(first);
        moved.put("observedAt", "2026-10-01T09:00:00Z");
        moved.put("employment", List.of(Map.of("employer", "ACME Software Limited", "from", "2015-03", "to", "2021-06")));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(moved)
                .when().post("/api/v1/profiles").then().statusCode(201).body("signals.code", Matchers.contains("ID-05"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then()
                .body("signals.find { it.code == 'ID-05' }.evidence.changes[0].what", equalTo("start moved from 2018-03 to 2015-03"))
                .body("signals.find { it.code == 'ID-05' }.expiresAt", notNullValue())
                .body("profiles", hasSize(2))
                .body("profiles[0].history.organisation", Matchers.contains("University of Leeds", "Acme Software Ltd"));
    }

    @Test
    void anotherTenantCannotReadTheWorker() {
        String worker = Fixtures.worker();
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(Fixtures.document(worker, Fixtures.PRK_PASSPORT))
                .when().post("/api/v1/documents").then().statusCode(201);
        given().auth().oauth2(otherTenantToken).when().get("/api/v1/workers/{id}/identity", worker)
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker)
                .then().statusCode(200).body("documents", hasSize(1));
    }

    @Test
    void malformedJsonIsBadRequestAndStoresNothing() {
        String worker = Fixtures.worker();
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body("{\"workerId\": \"" + worker + "\", \"source\": \"x\", \"mrz\": [")
                .when().post("/api/v1/documents")
                .then().statusCode(400).contentType("application/problem+json")
                .log().ifValidationFails().body("title", equalTo("Malformed request body"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body("{\"workerId\": \"" + worker + "\", \"source\": \"x\", \"documentType\": \"PASSPORT\", \"mrz\": 7}")
                .when().post("/api/v1/documents")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("mrz"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then().statusCode(404);
    }

    @Test
    void invalidFieldsAreBadRequestNamingEachFieldAndStoreNothing() {
        String worker = Fixtures.worker();
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "documentType", "PASSPORT", "mrz", List.of("P<PRK")))
                .when().post("/api/v1/documents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("source"))
                .body("errors.field", hasItem("mrz[0]"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Fixtures.document(worker, List.of(Fixtures.PRK_PASSPORT.get(0), Fixtures.PRK_PASSPORT.get(1).substring(0, 36))))
                .when().post("/api/v1/documents")
                .then().statusCode(400).body("errors[0].field", equalTo("mrz"))
                .body("detail", containsString("differ in length"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "source", "s", "observedAt", "2026-11-01T09:00:00Z",
                        "fullName", "A B", "phone", "not a phone"))
                .when().post("/api/v1/profiles")
                .then().statusCode(400).body("errors[0].field", equalTo("phone"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then().statusCode(404);
    }

    @Test
    void unknownRouteAndWrongMethodAreProblems() {
        given().auth().oauth2(analystToken).when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ingestToken).contentType(ContentType.TEXT).body("P<PRK")
                .when().post("/api/v1/documents")
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(analystToken).when().delete("/api/v1/documents")
                .then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void anOversizedBodyOverHttp2IsRefusedAsAProblem() throws Exception {
        // the JDK's client upgrades to HTTP/2 (h2c): the answer must carry no Connection header, which HTTP/2 forbids
        HttpResponse<String> refused = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                                + RestAssured.port + "/api/v1/documents"))
                        .header("Authorization", "Bearer " + ingestToken).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"workerId\": \"" + "x".repeat(2_000_000) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("payload-too-large"), refused.body());
    }

    @Test
    void anOversizedBodyIsRefusedAsAProblem() {
        String huge = "{\"workerId\": \"" + "x".repeat(2_000_000) + "\"}";
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(huge)
                .when().post("/api/v1/documents")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void theListUploadsLimitIsForTheirPathAsRoutedNotForOneThatOnlyStartsLikeIt() throws Exception {
        String huge = "{\"workerId\": \"" + "x".repeat(2_000_000) + "\"}";
        // sent as written (the JDK's client keeps the dot segments): routed to /api/v1/documents
        HttpResponse<String> refused = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                                + RestAssured.port + "/api/v1/watchlists/../documents"))
                        .header("Authorization", "Bearer " + ingestToken).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, refused.statusCode(), refused.body());
    }

    @Test
    void aChunkedBodyIsCountedAsItArrivesAndRefusedPastTheLimit() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build();
        // 31 MB sent without a Content-Length: the report of issue 24 was a 400 after reading it whole
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        AtomicInteger sent = new AtomicInteger();
        InputStream body = new SequenceInputStream(new Enumeration<>() {
            public boolean hasMoreElements() {
                return sent.get() < 31 * 16;
            }

            public InputStream nextElement() {
                return sent.getAndIncrement() == 0
                        ? new ByteArrayInputStream("{\"workerId\": \"".getBytes(StandardCharsets.US_ASCII))
                        : new ByteArrayInputStream(chunk);
            }
        });
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/documents"))
                .header("Authorization", "Bearer " + ingestToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        // a small chunked body is read as usual (and validated: no MRZ here)
        HttpResponse<String> small = client.send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/documents"))
                .header("Authorization", "Bearer " + ingestToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "{\"workerId\": \"w-chunked\"}".getBytes(StandardCharsets.US_ASCII)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, small.statusCode(), small.body());
        assertTrue(small.body().contains("mrz"), small.body());
    }

    @Test
    void identicalFirstPostsRacingGiveOneCreatedAndTheRestOk() throws Exception {
        String worker = Fixtures.worker();
        Map<String, Object> profile = Map.of("workerId", worker, "source", "freelance-platform",
                "observedAt", "2026-11-01T09:00:00Z", "fullName", "Ana Souza", "location", Map.of("country", "BR"));
        Map<String, Object> document = Fixtures.document(worker, Fixtures.GBR_PASSPORT);
        for (var request : List.of(Map.entry("/api/v1/profiles", profile), Map.entry("/api/v1/documents", document))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(request.getValue())
                            .when().post(request.getKey()).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), request.getKey() + " " + statuses);
            assertEquals(7, statuses.stream().filter(s -> s == 200).count(), request.getKey() + " " + statuses);
        }
    }

    @Test
    void aControlCharacterOrAnUnknownZoneIsABadRequestAndStoresNothing() {
        String worker = Fixtures.worker();
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "source", "s", "observedAt", "2026-11-01T09:00:00Z",
                        "fullName", "Ana\u0000Souza"))
                .when().post("/api/v1/profiles").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "source", "s", "observedAt", "2026-11-01T09:00:00Z",
                        "fullName", "Ana Souza", "timezone", "Z".repeat(60)))
                .when().post("/api/v1/profiles").then().statusCode(400).body("errors[0].field", equalTo("timezone"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "source", "s", "observedAt", "+200000-01-01T00:00:00Z",
                        "fullName", "Ana Souza"))
                .when().post("/api/v1/profiles").then().statusCode(400).body("errors[0].field", equalTo("observedAt"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then().statusCode(404);
    }

    @Test
    void healthOpenApiAndMetricsAreServedOnTheManagementPortOnly() {
        // the API port (what an ingress exposes) serves none of them
        for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            given().when().get(path).then().statusCode(404);
        }
        given().port(management.getPort()).when().get("/q/swagger-ui/").then().statusCode(200);
        given().port(management.getPort()).when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().port(management.getPort()).when().get("/q/health/live").then().statusCode(200);
        given().port(management.getPort()).when().get("/q/health/started").then().statusCode(200);
        given().port(management.getPort()).when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/documents'.post", notNullValue());
        given().port(management.getPort()).when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    private List<JsonNode> signalsOnTopic(String signalId) {
        return TopicReader.readAll(kafka, "risk.signals").stream().map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> signalId.equals(n.path("signalId").asText())).toList();
    }

    @Test
    void theServedOpenApiDocumentIsTheCommittedOne() {
        assertNull(OpenApiSnapshot.compare("http://localhost:" + management.getPort() + "/q/openapi"));
    }

    @Test
    void aBatchOfDocumentsIsTakenWholeOrNotAtAllNamingTheRefusedElement() {
        String first = Fixtures.worker();
        String second = Fixtures.worker();
        List<Map<String, Object>> batch = List.of(Fixtures.document(first, Fixtures.GBR_PASSPORT),
                Fixtures.document(second, Fixtures.PRK_PASSPORT));
        // one element whose MRZ does not parse: 400 naming it, nothing of the batch stored
        List<Map<String, Object>> bad = List.of(batch.get(0), Fixtures.document(second,
                List.of(Fixtures.PRK_PASSPORT.get(0), Fixtures.PRK_PASSPORT.get(1).substring(0, 36))));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(bad)
                .when().post("/api/v1/documents/batch").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1].mrz"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", first).then().statusCode(404);
        // bean validation names the element too; an empty batch, a batch over 1000 and the wrong role are refused
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(List.of(batch.get(0), Map.of("workerId", second, "source", "s", "documentType", "PASSPORT")))
                .when().post("/api/v1/documents/batch").then().statusCode(400).body("errors[0].field", containsString("[1]"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(List.of())
                .when().post("/api/v1/documents/batch").then().statusCode(400);
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(java.util.Collections.nCopies(1001, batch.get(0)))
                .when().post("/api/v1/documents/batch").then().statusCode(400);
        given().auth().oauth2(analystToken).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/documents/batch").then().statusCode(403);
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", first).then().statusCode(404);

        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/documents/batch").then().statusCode(200)
                .body("duplicate", equalTo(List.of(false, false)))
                .body("signals.flatten().code", hasItem("ID-10"));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/documents/batch").then().statusCode(200)
                .body("duplicate", equalTo(List.of(true, true)));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", first).then().statusCode(200);
        // another tenant holds nothing of them
        given().auth().oauth2(otherTenantToken).when().get("/api/v1/workers/{id}/identity", second).then().statusCode(404);
    }

    @Test
    void aBatchOfProfilesAndOfScreeningsAndWhatTheCoverageSays() {
        String worker = Fixtures.worker();
        Map<String, Object> profile = Map.of("workerId", worker, "source", "platform-a",
                "observedAt", "2026-11-01T09:00:00Z", "fullName", "Ana Souza", "email", "ana@example.org");
        Map<String, Object> later = Map.of("workerId", worker, "source", "platform-a",
                "observedAt", "2026-11-02T09:00:00Z", "fullName", "Ana Souza");
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(List.of(profile, Map.of("workerId", worker, "source", "s", "observedAt", "2026-11-01T09:00:00Z",
                        "fullName", "A B", "phone", "not a phone")))
                .when().post("/api/v1/profiles/batch").then().statusCode(400).body("errors[0].field", equalTo("[1].phone"));
        given().auth().oauth2(analystToken).when().get("/api/v1/workers/{id}/identity", worker).then().statusCode(404);
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON).body(List.of(profile, later))
                .when().post("/api/v1/profiles/batch").then().statusCode(200).body("duplicate", equalTo(List.of(false, false)));

        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(List.of(Map.of("name", "Ana Souza"), Map.of("name", "Kim Jong Un", "type", "PERSON")))
                .when().post("/api/v1/screenings/batch").then().statusCode(200).body("size()", equalTo(2));
        given().auth().oauth2(ingestToken).contentType(ContentType.JSON)
                .body(List.of(Map.of("name", "Ana Souza"), Map.of("type", "PERSON")))
                .when().post("/api/v1/screenings/batch").then().statusCode(400).body("errors[0].field", containsString("[1]"));

        // coverage: two profiles, one with an email, none with a phone; no document or attestation sent
        given().auth().oauth2(ingestToken).when().get("/api/v1/coverage").then().statusCode(200)
                .body("service", equalTo("identity-service"))
                .body("inputs.find { it.kind == 'PROFILE' }.received", equalTo(2))
                .body("inputs.find { it.kind == 'PROFILE' }.fields.find { it.name == 'email' }.received", equalTo(1))
                .body("neverSent", hasItem("PROFILE.phone"))
                .body("neverSent", hasItem("DOCUMENT"))
                .body("detectors.find { it.code == 'ID-04' }.fed", equalTo(true))
                .body("detectors.find { it.code == 'ID-12' }.fed", equalTo(false));
        given().auth().oauth2(otherTenantToken).when().get("/api/v1/coverage").then().statusCode(200)
                .body("inputs.find { it.kind == 'PROFILE' }.received", equalTo(0));
    }
}
