package dev.firebreak.aggregator;

import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Networks (NW-01 with its linking path, common identifiers), cross-service consistency (ID-02, ID-03, PL-10),
 * reviews, erasure, reports, the worker list and {@code risk.assessments}, through Kafka and the API.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class NetworkReviewTest {

    private static final String TENANT = "tenant-n";
    private static final String ANALYST = tenant(TENANT, "PLATFORM", "analyst");
    private static final String ADMIN = tenant(TENANT, "PLATFORM", "admin");
    private static final String INGEST = tenant(TENANT, "PLATFORM", "ingest");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    EntityManager em;

    @Test
    void aWorkerSharingADeviceWithAHighRiskWorkerGetsNw01WithThePathAndACarrierNatLinksNobody() {
        String flagged = worker();
        String linked = worker();
        String natNeighbour = worker();
        signal(Subject.worker(flagged), "ID-07", Severity.HIGH, 0.9, "doc-forged");
        signal(Subject.worker(flagged), "PM-01", Severity.HIGH, 0.9, "payout-1");
        // the flagged worker's device is seen by the platform on its account, the linked worker's by identity-service
        String account = "acct-" + UUID.randomUUID();
        String device = "v1:device-" + UUID.randomUUID();
        observe(Subject.worker(flagged), IdentifierType.PLATFORM_ACCOUNT, account, "platform-signals-service");
        observe(Subject.account(account), IdentifierType.DEVICE, device, "platform-signals-service");
        observe(Subject.worker(linked), IdentifierType.DEVICE, device, "identity-service");
        // one IP shared by six workers, a carrier NAT: an IP is weak evidence and never links (issue 30)
        String ip = "100.64." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
        observe(Subject.worker(flagged), IdentifierType.IP, ip, "platform-signals-service");
        observe(Subject.worker(natNeighbour), IdentifierType.IP, ip, "platform-signals-service");
        for (int i = 0; i < 4; i++) {
            observe(Subject.worker(worker()), IdentifierType.IP, ip, "platform-signals-service");
        }

        // until all six have the IP it links some of them for a moment: wait for the end state
        await().atMost(Duration.ofSeconds(30)).until(() -> codes(linked).contains("NW-01")
                && assessment(linked).getList("network.linkedWorkers").equals(List.of(flagged)));
        JsonPath assessment = assessment(linked);
        assertEquals("ENHANCED_DUE_DILIGENCE", assessment.getString("tier")); // one HIGH code
        assertEquals(flagged, assessment.getString("flags.find { it.code == 'NW-01' }.evidence.linkedWorker"));
        assertEquals("HIGH_RISK", assessment.getString("flags.find { it.code == 'NW-01' }.evidence.linkedWorkerTier"));
        assertEquals("DEVICE", assessment.getString("flags.find { it.code == 'NW-01' }.evidence.path[0].identifierType"));
        assertEquals(List.of("identity-service", "platform-signals-service"),
                assessment.getList("flags.find { it.code == 'NW-01' }.sources"));
        String clusterId = assessment.getString("network.clusterId");
        assertTrue(clusterId.startsWith("cl-"));
        assertEquals(List.of(flagged), assessment.getList("network.linkedWorkers"));
        // the flagged worker's own tier does not take NW-01 from the worker it flags
        await().atMost(Duration.ofSeconds(30)).until(() -> "HIGH_RISK".equals(assessment(flagged).getString("tier")));
        assertTrue(!codes(flagged).contains("NW-01"));

        await().atMost(Duration.ofSeconds(30)).until(() -> status(natNeighbour) == 200);
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", natNeighbour).then()
                .body("tier", equalTo("CLEAR")).body("network.clusterId", nullValue()).body("flags", empty());

        given().auth().oauth2(ANALYST).get("/api/v1/networks/{id}", clusterId).then().statusCode(200)
                .body("members.workerId", hasItems(flagged, linked))
                .body("members.find { it.workerId == '" + flagged + "' }.tier", equalTo("HIGH_RISK"))
                .body("links[0].identifierType", equalTo("DEVICE"))
                .body("links[0].seenBy", hasItems("identity-service", "platform-signals-service"));
        given().auth().oauth2(tenant("tenant-other", "PLATFORM", "analyst")).get("/api/v1/networks/{id}", clusterId)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ANALYST).get("/api/v1/networks/{id}", "not-a-cluster").then().statusCode(400);

        // tier changes are announced on risk.assessments
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "risk.assessments").stream()
                .anyMatch(r -> r.value().contains(flagged) && r.value().contains("\"HIGH_RISK\"")));
        given().auth().oauth2(ANALYST).queryParam("tier", "HIGH_RISK").get("/api/v1/workers").then().statusCode(200)
                .body("workerId", hasItem(flagged)).body("workerId", not(hasItem(linked)));
        // the linked worker's listed state carries its NW-01: refreshed when the flagged worker's tier changed
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(ANALYST)
                .queryParam("tier", "ENHANCED_DUE_DILIGENCE").get("/api/v1/workers").then().extract()
                .<List<String>>path("workerId").contains(linked));
        // the whole list, every tier (without the filter it once answered 500)
        given().auth().oauth2(ANALYST).get("/api/v1/workers").then().statusCode(200).body("workerId", not(empty()));
        given().auth().oauth2(ANALYST).queryParam("tier", "PURPLE").get("/api/v1/workers").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("tier"));
    }

    /**
     * A linked worker's NW-01 rests on the other's tier without network flags, not on its tier: when that rises while
     * the tier stays (it was already HIGH_RISK with NW-01), the linked worker's stored state must still follow.
     */
    @Test
    void theLinkedWorkersStoredStateFollowsATierWithoutNetworkFlagsThatRoseUnderAnUnchangedTier() {
        String tenant = "tenant-nb-" + UUID.randomUUID().toString().substring(0, 8);
        String analyst = tenant(tenant, "PLATFORM", "analyst");
        String a = worker();
        String b = worker();
        String device = "v1:device-" + UUID.randomUUID();
        Messages.signal(kafka, tenant, Subject.worker(a), "ID-07", Severity.HIGH, 0.9, T, "doc-forged");
        Messages.signal(kafka, tenant, Subject.worker(a), "PM-01", Severity.HIGH, 0.9, T, "payout-1");
        Messages.signal(kafka, tenant, Subject.worker(b), "ID-08", Severity.HIGH, 0.9, T, "doc-shared");
        Messages.observe(kafka, tenant, Subject.worker(a), IdentifierType.DEVICE, device, "identity-service", T);
        Messages.observe(kafka, tenant, Subject.worker(b), IdentifierType.DEVICE, device, "identity-service", T);
        // b: its own HIGH code and NW-01 from a; a: HIGH_RISK by itself, b is not (EDD without NW-01)
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(analyst, b).equals(List.of("HIGH_RISK", "ID-08,NW-01"))
                && listed(analyst, a).equals(List.of("HIGH_RISK", "ID-07,PM-01")));

        Messages.signal(kafka, tenant, Subject.worker(b), "PL-08", Severity.MEDIUM, 0.9, T, "vpn-1");
        // b stays HIGH_RISK, but is now HIGH_RISK without NW-01 too: a's NW-01 follows in a's stored state
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(analyst, a).equals(List.of("HIGH_RISK", "ID-07,NW-01,PM-01")));
        assertEquals(List.of("HIGH_RISK", "ID-08,NW-01,PL-08"), listed(analyst, b));
    }

    /** The worker's row in the worker list (stored state): tier and codes, or empty. */
    @SuppressWarnings("unchecked")
    private List<String> listed(String token, String worker) {
        List<Map<String, Object>> rows = given().auth().oauth2(token).get("/api/v1/workers").then().statusCode(200)
                .extract().path("findAll { it.workerId == '" + worker + "' }");
        return rows.isEmpty() ? List.of() : List.of((String) rows.getFirst().get("tier"),
                String.join(",", (List<String>) rows.getFirst().get("codes")));
    }

    @Test
    void servicesThatDisagreeOnCountryLocationOrTimeZoneRaiseId02Id03AndPl10() {
        String worker = worker();
        observe(Subject.worker(worker), IdentifierType.DOCUMENT_COUNTRY, "GB", "identity-service");
        observe(Subject.worker(worker), IdentifierType.PAYOUT_COUNTRY, "CN", "payments-service");
        observe(Subject.worker(worker), IdentifierType.DECLARED_COUNTRY, "GB", "identity-service");
        observe(Subject.worker(worker), IdentifierType.LOGIN_COUNTRY, "VN", "platform-signals-service");
        observe(Subject.worker(worker), IdentifierType.DECLARED_TIMEZONE, "Europe/London", "identity-service");
        observe(Subject.worker(worker), IdentifierType.DECLARED_TIMEZONE, "Asia/Seoul", "platform-signals-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> codes(worker).containsAll(List.of("ID-02", "ID-03", "PL-10")));
        JsonPath a = assessment(worker);
        assertEquals(List.of("identity-service", "payments-service"), a.getList("flags.find { it.code == 'ID-02' }.sources"));
        assertEquals("CN", a.getString("flags.find { it.code == 'ID-02' }.evidence.bySource.'payments-service'[0].value"));
        assertTrue(a.getString("flags.find { it.code == 'ID-03' }.evidence.explanation").contains("platform-signals-service logins observed VN"));
        assertEquals("ENHANCED_DUE_DILIGENCE", a.getString("tier")); // three MEDIUM/LOW codes
    }

    /**
     * Issue 30: a platform that reports both where a worker says they live and where they log in from is one
     * service; its login countries are still compared with its declared country. A traveller who also logs in at
     * home is not flagged.
     */
    @Test
    void loginCountriesAreComparedWithTheDeclaredCountryOfTheSameService() {
        String elsewhere = worker();
        observe(Subject.worker(elsewhere), IdentifierType.DECLARED_COUNTRY, "US", "platform-signals-service");
        observe(Subject.worker(elsewhere), IdentifierType.LOGIN_COUNTRY, "CN", "platform-signals-service");
        String traveller = worker();
        observe(Subject.worker(traveller), IdentifierType.DECLARED_COUNTRY, "US", "platform-signals-service");
        observe(Subject.worker(traveller), IdentifierType.LOGIN_COUNTRY, "MX", "platform-signals-service");
        observe(Subject.worker(traveller), IdentifierType.LOGIN_COUNTRY, "US", "platform-signals-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> codes(elsewhere).contains("ID-03"));
        JsonPath a = assessment(elsewhere);
        assertEquals(List.of("platform-signals-service"), a.getList("flags.find { it.code == 'ID-03' }.sources"));
        assertEquals("CN", a.getString("flags.find { it.code == 'ID-03' }.evidence.bySource.'platform-signals-service logins'[0].value"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(traveller) == 200);
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", traveller).then()
                .body("tier", equalTo("CLEAR")).body("flags", empty());
    }

    @Test
    void agreeingServicesTravellersAndZonesOfOneOffsetRaiseNothing() {
        String worker = worker();
        observe(Subject.worker(worker), IdentifierType.DOCUMENT_COUNTRY, "PL", "identity-service");
        observe(Subject.worker(worker), IdentifierType.PAYOUT_COUNTRY, "PL", "payments-service");
        observe(Subject.worker(worker), IdentifierType.DECLARED_COUNTRY, "GB", "identity-service");
        observe(Subject.worker(worker), IdentifierType.LOGIN_COUNTRY, "FR", "platform-signals-service");
        observe(Subject.worker(worker), IdentifierType.LOGIN_COUNTRY, "GB", "platform-signals-service");
        observe(Subject.worker(worker), IdentifierType.DECLARED_TIMEZONE, "Europe/London", "identity-service");
        observe(Subject.worker(worker), IdentifierType.DECLARED_TIMEZONE, "Europe/Dublin", "platform-signals-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker) == 200
                && assessment(worker).getList("network.linkedWorkers").isEmpty());
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).then()
                .body("tier", equalTo("CLEAR")).body("flags", empty());
    }

    @Test
    void anIpAndAnAddressSharedWithAFlaggedWorkerLinkNobody() {
        // the issue-30 case: a commercial VPN's exit and a coworking space's address, shared with a HIGH_RISK worker
        String flagged = worker();
        String neighbour = worker();
        signal(Subject.worker(flagged), "ID-07", Severity.HIGH, 0.9, "doc-forged-2");
        signal(Subject.worker(flagged), "PM-01", Severity.HIGH, 0.9, "payout-2");
        String ip = "192.0.2." + (int) (Math.random() * 120);
        String address = "v1:address-" + UUID.randomUUID();
        for (String w : List.of(flagged, neighbour)) {
            observe(Subject.worker(w), IdentifierType.IP, ip, "platform-signals-service");
            observe(Subject.worker(w), IdentifierType.ADDRESS, address, "identity-service");
        }
        signal(Subject.worker(neighbour), "PL-08", Severity.MEDIUM, 0.9, "vpn-login");
        await().atMost(Duration.ofSeconds(30)).until(() -> "HIGH_RISK".equals(assessment(flagged).getString("tier"))
                && status(neighbour) == 200 && "MONITOR".equals(assessment(neighbour).getString("tier")));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        JsonPath clear = assessment(neighbour);
        assertEquals(List.of("PL-08"), clear.getList("flags.code"));
        assertEquals(null, clear.getString("network.clusterId"));
    }

    @Test
    void aPayoutIntoTheWorkersOwnCountryIsShownNotCounted() {
        // the ordinary case: a freelancer whose passport is Vietnamese, paid into her Vietnamese account
        String home = worker();
        observe(Subject.worker(home), IdentifierType.DOCUMENT_COUNTRY, "VN", "identity-service");
        // the passport's country is held before the payout is seen (on two topics, either may arrive first; a payout
        // seen first is counted until the country arrives, and so announced: not the case under test)
        await().atMost(Duration.ofSeconds(30)).until(() -> observations(home) == 1);
        Messages.signal(kafka, TENANT, Subject.worker(home), "PM-07", Severity.MEDIUM, 0.9, T, null, "payout-vn", "high-risk-jurisdiction",
                Map.of("kind", "HIGH_RISK_DESTINATION", "country", "VN", "explanation", "payout account in VN"));
        // a worker whose passport is British, paid into an account in China: counts
        String routed = worker();
        observe(Subject.worker(routed), IdentifierType.DOCUMENT_COUNTRY, "GB", "identity-service");
        Messages.signal(kafka, TENANT, Subject.worker(routed), "PM-07", Severity.MEDIUM, 0.9, T, null, "payout-cn", "high-risk-jurisdiction",
                Map.of("kind", "HIGH_RISK_DESTINATION", "country", "CN", "explanation", "payout account in CN"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(home) == 200 && status(routed) == 200
                && codes(home).contains("PM-07") && "MONITOR".equals(assessment(routed).getString("tier")));
        JsonPath shown = assessment(home);
        assertEquals("CLEAR", shown.getString("tier"));
        assertEquals(false, shown.getBoolean("flags.find { it.code == 'PM-07' }.active"));
        assertEquals(true, shown.getBoolean("flags.find { it.code == 'PM-07' }.evidence.ownCountry"));
        // the stored state (computed without evidence) agrees with the GET: the routed worker's MONITOR is
        // announced, the home worker's never
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "risk.assessments").stream()
                .anyMatch(r -> r.value().contains(routed) && r.value().contains("\"MONITOR\"")));
        assertTrue(TopicReader.readAll(kafka, "risk.assessments").stream()
                .noneMatch(r -> r.value().contains(home) && r.value().contains("\"MONITOR\"")));
    }

    @Test
    void aPaymentPartysCommonNameAloneIsLeftToTheWorkersScreeningWithItsDateOfBirth() {
        Map<String, Object> commonName = Map.of("kind", "SANCTIONS_MATCH", "matches", List.of(Map.of("score", 0.93,
                "confidence", 0.75, "basis", "common name alone", "source", "un-xml", "entryId", "QDi.1")));
        // the ordinary case: identity-service holds the worker's document (and screened it with its date of birth)
        String documented = worker();
        observe(Subject.worker(documented), IdentifierType.DOCUMENT_COUNTRY, "PK", "identity-service");
        Messages.signal(kafka, TENANT, Subject.worker(documented), "PM-13", Severity.CRITICAL, 0.75, T, null, "party-1",
                "party-screening", commonName);
        // no document: the common name alone is all there is, and counts (ENHANCED_DUE_DILIGENCE, as designed)
        String paymentsOnly = worker();
        Messages.signal(kafka, TENANT, Subject.worker(paymentsOnly), "PM-13", Severity.CRITICAL, 0.75, T, null, "party-2",
                "party-screening", commonName);
        // a match on more than the name counts whatever identity-service holds
        String corroborated = worker();
        observe(Subject.worker(corroborated), IdentifierType.DOCUMENT_COUNTRY, "PK", "identity-service");
        Messages.signal(kafka, TENANT, Subject.worker(corroborated), "PM-13", Severity.CRITICAL, 0.9, T, null, "party-3",
                "party-screening", Map.of("kind", "SANCTIONS_MATCH", "matches", List.of(Map.of("score", 0.95,
                        "confidence", 0.9, "basis", "name and date of birth", "source", "un-xml", "entryId", "QDi.2"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> codes(documented).contains("PM-13")
                && "ENHANCED_DUE_DILIGENCE".equals(assessment(paymentsOnly).getString("tier"))
                && "CRITICAL".equals(assessment(corroborated).getString("tier")));
        JsonPath shown = assessment(documented);
        assertEquals("CLEAR", shown.getString("tier"));
        assertEquals(true, shown.getBoolean("flags.find { it.code == 'PM-13' }.evidence.commonNameOnly"));
    }

    @Test
    void aDismissalSuppressesTheCodeUntilNewEvidenceAndEveryReviewIsAudited() {
        String worker = worker();
        signal(Subject.worker(worker), "PL-08", Severity.MEDIUM, 0.9, "login-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker) == 200);
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body(Map.of("action", "DISMISS", "code", "PL-08", "note", "corporate VPN, confirmed with the client"))
                .post("/api/v1/workers/{id}/reviews", worker).then().statusCode(201)
                .body("tier", equalTo("CLEAR")).body("review.analyst", notNullValue());
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).then()
                .body("tier", equalTo("CLEAR"))
                .body("flags[0].dismissed", equalTo(true)).body("flags[0].review", equalTo("DISMISS"))
                .body("history.kind", hasItems("REVIEW", "TIER_CHANGED"))
                .body("history.find { it.kind == 'REVIEW' }.detail", containsString("corporate VPN"));

        // bad reviews change nothing
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body(Map.of("action", "MAYBE"))
                .post("/api/v1/workers/{id}/reviews", worker).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body(Map.of("action", "DISMISS"))
                .post("/api/v1/workers/{id}/reviews", worker).then().statusCode(400).body("errors[0].field", equalTo("code"));
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body(Map.of("action", "CONFIRM", "code", "ZZ-99"))
                .post("/api/v1/workers/{id}/reviews", worker).then().statusCode(400).body("errors[0].field", equalTo("code"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(Map.of("action", "ESCALATE"))
                .post("/api/v1/workers/{id}/reviews", worker).then().statusCode(403);
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body(Map.of("action", "ESCALATE"))
                .post("/api/v1/workers/{id}/reviews", worker()).then().statusCode(404);
        assertEquals(1, assessment(worker).getList("history.findAll { it.kind == 'REVIEW' }").size());

        // more evidence of the same kind (the same VPN's next exit) does not reopen it (issue 30) ...
        signal(Subject.worker(worker), "PL-08", Severity.MEDIUM, 0.9, "login-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> assessment(worker).getInt("flags[0].occurrences") == 2);
        assertEquals("CLEAR", assessment(worker).getString("tier"));
        assertTrue(assessment(worker).getBoolean("flags[0].dismissed"));
        // ... evidence of another kind does
        Messages.signal(kafka, TENANT, Subject.worker(worker), "PL-08", Severity.MEDIUM, 0.9, T, null, "login-3", "tor-exit");
        await().atMost(Duration.ofSeconds(30)).until(() -> "MONITOR".equals(assessment(worker).getString("tier")));
    }

    @Test
    void erasureRemovesTheWorkerAndItsLinksAndIsAudited() {
        String kept = worker();
        String erased = worker();
        String phone = "v1:phone-" + UUID.randomUUID();
        signal(Subject.worker(kept), "ID-08", Severity.HIGH, 0.9, "doc-shared");
        signal(Subject.worker(erased), "PM-03", Severity.HIGH, 0.9, "acct-shared");
        signal(Subject.worker(erased), "PM-11", Severity.HIGH, 0.9, "acct-pooled");
        observe(Subject.worker(kept), IdentifierType.PHONE, phone, "identity-service");
        observe(Subject.worker(erased), IdentifierType.PHONE, phone, "identity-service");
        String email = "v1:email-" + UUID.randomUUID();
        observe(Subject.worker(erased), IdentifierType.EMAIL, email, "identity-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> codes(kept).containsAll(List.of("ID-08", "NW-01")));
        await().atMost(Duration.ofSeconds(30)).until(() -> holders(email) == 1);
        assertEquals(2, holders(phone));

        given().auth().oauth2(ANALYST).delete("/api/v1/workers/{id}", erased).then().statusCode(403);
        given().auth().oauth2(ADMIN).delete("/api/v1/workers/{id}", erased).then().statusCode(202)
                .body("erasedHere.signals", equalTo(2)).body("erasedHere.observations", equalTo(2))
                .body("status", equalTo("PENDING"));
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", erased).then().statusCode(404);
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", kept).then().statusCode(200)
                .body("flags.code", not(hasItem("NW-01"))).body("network.linkedWorkers", empty())
                .body("tier", equalTo("ENHANCED_DUE_DILIGENCE"));
        // asked again: a new erasure, which finds nothing left here
        given().auth().oauth2(ADMIN).delete("/api/v1/workers/{id}", erased).then().statusCode(202)
                .body("erasedHere", anEmptyMap());
        // the identifiers' holder counts lose it: the phone is the kept worker's alone, the email nobody's (gone)
        assertEquals(1, holders(phone));
        assertEquals(0, holders(email));
        // the erasure itself stays on record, and only it
        given().auth().oauth2(ADMIN).get("/api/v1/workers/{id}/history", erased).then().statusCode(200)
                .body("kind", equalTo(List.of("ERASURE"))).body("[0].detail", containsString("2 signal(s)"))
                .body("[0].detail", containsString("links to 1 worker(s)"))
                .body("[0].actor", notNullValue());
    }

    @Test
    void aTenantsSeverityOverrideChangesTheTier() {
        String worker = worker();
        Messages.signal(kafka, "tenant-strict", Subject.worker(worker), "PL-08", Severity.MEDIUM, 0.9, T, "vpn-1");
        String strict = tenant("tenant-strict", "PLATFORM", "analyst");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(strict)
                .get("/api/v1/workers/{id}/assessment", worker).statusCode() == 200);
        // tenant-strict weighs VPN use as HIGH (application.properties, test profile): one HIGH code is EDD
        given().auth().oauth2(strict).get("/api/v1/workers/{id}/assessment", worker).then()
                .body("tier", equalTo("ENHANCED_DUE_DILIGENCE")).body("flags[0].severity", equalTo("HIGH"));
    }

    @Test
    void theReportIsADisclosureDraftInJsonAndMarkdownWithTheRolesMitigations() {
        String worker = worker();
        signal(Subject.worker(worker), "PL-08", Severity.MEDIUM, 0.9, "login-9");
        signal(Subject.worker(worker), "PL-11", Severity.HIGH, 0.9, "device-9");
        observe(Subject.worker(worker), IdentifierType.EMAIL, "v1:email-" + UUID.randomUUID(), "identity-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "HIGH_RISK".equals(assessment(worker).getString("tier"))
                && given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/report", worker).then().extract().jsonPath()
                .getList("identifiers.type").contains("EMAIL")); // the two topics are consumed independently
        // the platform's mitigations, each naming the flag that selected it
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).then()
                .body("tenantRole", equalTo("PLATFORM"))
                .body("recommendedActions.find { it.action.startsWith('Use port checking') }.flag", equalTo("PL-11"))
                .body("recommendedActions.action", not(hasItem("Conduct video interviews.")));
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/report", worker).then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("assessment.tier", equalTo("HIGH_RISK"))
                .body("identifiers.type", hasItem("EMAIL"))
                .body("timeline.code", hasItems("PL-08", "PL-11"))
                .body("reportingRoute[1]", containsString("OFSI – DPRK IT Workers Advisory – 0924"));
        String markdown = given().auth().oauth2(ANALYST).accept("text/markdown")
                .get("/api/v1/workers/{id}/report", worker).then().statusCode(200).contentType(containsString("text/markdown"))
                .extract().asString();
        assertTrue(markdown.startsWith("# Disclosure draft"), markdown);
        assertTrue(markdown.contains("### PL-11 — One device used by several accounts"), markdown);
        assertTrue(markdown.contains("0924"), markdown);
        given().auth().oauth2(ANALYST).queryParam("asOf", "soon").get("/api/v1/workers/{id}/report", worker)
                .then().statusCode(400);
    }

    private List<String> codes(String worker) {
        if (status(worker) != 200) {
            return List.of();
        }
        return assessment(worker).getList("flags.code");
    }

    private static JsonPath assessment(String worker) {
        return given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).then().extract().jsonPath();
    }

    private static int status(String worker) {
        return given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).statusCode();
    }

    private static String worker() {
        return "w-" + UUID.randomUUID();
    }

    private void signal(Subject subject, String code, Severity severity, double confidence, String eventId) {
        Messages.signal(kafka, TENANT, subject, code, severity, confidence, T, eventId);
    }

    private void observe(Subject subject, IdentifierType type, String value, String source) {
        Messages.observe(kafka, TENANT, subject, type, value, source, T);
    }

    /** How many observations of the worker the aggregator holds. */
    private int observations(String worker) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from observation where tenant_id = ?1 and worker_id = ?2").setParameter(1, TENANT)
                .setParameter(2, worker).getSingleResult()).intValue());
    }

    /** The stored holder count of an identifier (0: no row). */
    private int holders(String value) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select holders from identifier_holders where value = ?1").setParameter(1, value).getResultList());
        return rows.isEmpty() ? 0 : ((Number) rows.getFirst()).intValue();
    }
}
