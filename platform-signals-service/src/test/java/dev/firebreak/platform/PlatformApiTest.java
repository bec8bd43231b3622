package dev.firebreak.platform;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.firebreak.localstack.testing.OpenApiSnapshot;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertNull;
import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
@WithTestResource(MmdbTestResource.class)
class PlatformApiTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, never the API's. */
    @TestHTTPResource(value = "health", management = true)
    URL management;

    @Inject
    EntityManager em;

    @Inject
    IdentifierHasher hasher;

    private static final String INGEST = tenant("tenant-a", "PLATFORM", "ingest", "analyst");
    private static final String ANALYST = tenant("tenant-a", "PLATFORM", "analyst");
    private static final String OTHER_TENANT = tenant("tenant-b", "PLATFORM", "analyst");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private static Map<String, Object> login(String account, String worker) {
        Map<String, Object> event = new HashMap<>();
        event.put("eventId", "e-" + UUID.randomUUID());
        event.put("type", "LOGIN");
        event.put("accountId", account);
        event.put("workerId", worker);
        event.put("occurredAt", "2026-11-20T10:00:00Z");
        event.put("ip", "192.0.2.240"); // in no test IP data: no PL-08, no LOGIN_COUNTRY
        event.put("deviceId", "device-1");
        return event;
    }

    @Test
    void aReplayedBatchChangesNothing() {
        String account = "acct-" + UUID.randomUUID();
        String worker = "w-" + UUID.randomUUID();
        Map<String, Object> created = new HashMap<>(login(account, worker));
        created.put("type", "ACCOUNT_CREATED");
        created.put("declaredCountry", "PL");
        created.put("declaredTimezone", "Europe/Warsaw");
        List<Map<String, Object>> batch = List.of(created, login(account, worker));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/events").then().statusCode(200)
                .body("accepted", equalTo(2)).body("duplicates", equalTo(0));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/events").then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(2));
        given().auth().oauth2(ANALYST).when().get("/api/v1/accounts/{id}/signals", account)
                .then().statusCode(200).body("events", equalTo(2)).body("workerIds", hasItem(worker))
                .body("signals", hasSize(0));

        await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .filter(r -> r.key().equals("tenant-a:" + worker))
                .anyMatch(r -> r.value().contains("\"DECLARED_TIMEZONE\"")));
        var observations = TopicReader.readAll(kafka, "entity.observations").stream()
                .filter(r -> r.key().equals("tenant-a:" + worker)).toList();
        assertEquals(1, observations.stream().filter(r -> r.value().contains("\"PLATFORM_ACCOUNT\"")).count());
        assertEquals(1, observations.stream().filter(r -> r.value().contains("\"DECLARED_COUNTRY\"")
                && r.value().contains("\"PL\"")).count());
        // the account's device is observed once, however often it is used
        assertEquals(1, observations.stream().filter(r -> r.value().contains("\"DEVICE\"")
                && r.value().contains("\"v1:")).count());
    }

    @Test
    void aReferralBecomesAReferralObservationNamingTheReferrersAccount() {
        String account = "acct-" + UUID.randomUUID();
        String worker = "w-" + UUID.randomUUID();
        Map<String, Object> referral = new HashMap<>(login(account, worker));
        referral.put("type", "REFERRAL");
        referral.put("referrerAccountId", "acct-referrer-1");
        Map<String, Object> self = new HashMap<>(login(account, worker));
        self.put("type", "REFERRAL");
        self.put("referrerAccountId", account); // naming itself refers nobody
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(referral, self))
                .when().post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .filter(r -> r.key().equals("tenant-a:" + worker))
                .anyMatch(r -> r.value().contains("\"REFERRAL\"")));
        var referrals = TopicReader.readAll(kafka, "entity.observations").stream()
                .filter(r -> r.key().equals("tenant-a:" + worker) && r.value().contains("\"REFERRAL\"")).toList();
        assertEquals(1, referrals.size());
        assertTrue(referrals.getFirst().value().contains("\"acct-referrer-1\""));
    }

    @Test
    void aLoginIsLocatedWithTheOperatorsCityDatabaseAndHealthSaysWhatIsLoaded() {
        String account = "acct-" + UUID.randomUUID();
        String worker = "w-" + UUID.randomUUID();
        Map<String, Object> london = new HashMap<>(login(account, worker));
        london.put("ip", "198.51.100.3");
        Map<String, Object> unknown = new HashMap<>(login(account, worker));
        unknown.put("ip", "192.0.2.230");
        // a VPN exit the City database places in China: where the person is is unknown, no LOGIN_COUNTRY (issue 30)
        Map<String, Object> vpnExit = new HashMap<>(login(account, worker));
        vpnExit.put("ip", "198.51.100.60");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(vpnExit, london, unknown))
                .when().post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .anyMatch(r -> r.key().equals("tenant-a:" + worker) && r.value().contains("\"LOGIN_COUNTRY\"")));
        var countries = TopicReader.readAll(kafka, "entity.observations").stream()
                .filter(r -> r.key().equals("tenant-a:" + worker) && r.value().contains("\"LOGIN_COUNTRY\"")).toList();
        assertEquals(1, countries.size(), "the unlocated login and the VPN exit give none");
        assertTrue(countries.getFirst().value().contains("\"GB\""));
        given().port(management.getPort()).when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'ip-intelligence' }.data.city-db", equalTo("GeoIP2-City"))
                .body("checks.find { it.name == 'ip-intelligence' }.data.vpn-list", equalTo("4 networks"))
                .body("checks.find { it.name == 'ip-intelligence' }.data.PL-08", equalTo("on"))
                .body("checks.find { it.name == 'detectors' }.data.PL-13", containsString("tenants [tenant-verifying]"));
    }

    @Test
    void singleEventDetectorsRaiseTheirSignalsThroughTheTopology() {
        String account = "acct-" + UUID.randomUUID();
        Map<String, Object> vpn = new HashMap<>(login(account, null));
        vpn.put("ip", "203.0.113.5"); // a VPN range of the test Anonymous-IP database
        Map<String, Object> again = new HashMap<>(vpn);
        again.put("eventId", "e-" + UUID.randomUUID()); // the same account and IP later: the same PL-08
        Map<String, Object> message = new HashMap<>(login(account, null));
        message.put("type", "MESSAGE");
        message.put("text", "Can we continue on Telegram? Payment in USDT is faster.");
        Map<String, Object> ports = new HashMap<>(login(account, null));
        ports.put("type", "PORT_CHECK");
        ports.put("openPorts", List.of(443, 3389));
        Map<String, Object> ordinary = new HashMap<>(login(account, null));
        ordinary.put("type", "MESSAGE");
        ordinary.put("text", "Pushed the fix, please review the pull request.");
        ordinary.put("ip", "198.51.100.3");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(vpn, again, message, ports, ordinary))
                .when().post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(5));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(ANALYST)
                .get("/api/v1/accounts/{id}/signals", account).jsonPath().getList("signals").size() >= 3);
        given().auth().oauth2(ANALYST).when().get("/api/v1/accounts/{id}/signals", account).then().statusCode(200)
                .body("signals.code", hasItem("PL-08")).body("signals.code", hasItem("PL-12"))
                .body("signals.code", hasItem("PL-09"))
                .body("signals.findAll { it.code == 'PL-08' }", hasSize(1))
                .body("signals.findAll { it.code == 'PL-12' }", hasSize(1))
                .body("signals.find { it.code == 'PL-08' }.evidence.types", hasItem("VPN"));
    }

    @Test
    void authenticationRolesAndTenantsAreEnforced() {
        String account = "acct-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(List.of(login(account, null)))
                .when().post("/api/v1/events").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body(List.of(login(account, null)))
                .when().post("/api/v1/events").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(login(account, null)))
                .when().post("/api/v1/events").then().statusCode(200);
        given().auth().oauth2(OTHER_TENANT).when().get("/api/v1/accounts/{id}/signals", account)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badInputIsRejectedWholeAndStoresNothing() {
        String account = "acct-" + UUID.randomUUID();
        Map<String, Object> unknownType = new HashMap<>(login(account, null));
        unknownType.put("type", "TELEPORT");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(login(account, null), unknownType))
                .when().post("/api/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1].type"));
        Map<String, Object> badIp = new HashMap<>(login(account, null));
        badIp.put("ip", "999.1.1.1");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(login(account, null), badIp))
                .when().post("/api/v1/events").then().statusCode(400).body("errors[0].field", equalTo("[1].ip"));
        Map<String, Object> noId = new HashMap<>(login(account, null));
        noId.remove("eventId");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(noId))
                .when().post("/api/v1/events").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body("[{\"eventId\": ")
                .when().post("/api/v1/events").then().statusCode(400).contentType("application/problem+json");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(login(account, null));
        }
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(tooMany)
                .when().post("/api/v1/events").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ANALYST).when().get("/api/v1/accounts/{id}/signals", account).then().statusCode(404);
    }

    @Test
    void anEventWithoutWhatItsTypeRequiresIsRefusedNamingTheFieldAndTheBatchStoresNothing() {
        String account = "acct-" + UUID.randomUUID();
        Map<String, Object> rating = with(with(login(account, null), "type", "RATING"), "rating", 5);
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(login(account, null), rating))
                .when().post("/api/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1].clientId"))
                .body("errors[0].message", containsString("is required for a RATING event"));
        Map<String, Object> profile = with(login(account, null), "type", "PROFILE_TEXT");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(profile))
                .when().post("/api/v1/events").then().statusCode(400).body("errors[0].field", equalTo("[0].text"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(List.of(with(with(rating, "clientId", "client-1"), "rating", "five")))
                .when().post("/api/v1/events").then().statusCode(400).body("errors[0].field", equalTo("[0].rating"));
        given().auth().oauth2(ANALYST).when().get("/api/v1/accounts/{id}/signals", account).then().statusCode(404);
        // the same rating with its client is taken
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(with(rating, "clientId", "client-1")))
                .when().post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void coverageSaysWhatATenantSentWhichDetectorsItFeedsAndWhatItNeverSendsAndOnlyItsOwn() {
        String tenantId = "tenant-cov-" + UUID.randomUUID().toString().substring(0, 8);
        String ingest = tenant(tenantId, "PLATFORM", "ingest");
        String account = "acct-" + UUID.randomUUID();
        Map<String, Object> created = with(login(account, "w-" + UUID.randomUUID()), "type", "ACCOUNT_CREATED");
        Map<String, Object> rating = with(with(with(login(account, null), "type", "RATING"), "clientId", "c-1"), "rating", 5);
        rating.remove("ip");
        rating.remove("deviceId");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(created, login(account, null),
                        login(account, null), rating))
                .when().post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(4));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(ingest)
                .when().get("/api/v1/coverage").then().statusCode(200)
                .body("inputs.find { it.kind == 'LOGIN' }.received", equalTo(2))
                .body("inputs.find { it.kind == 'RATING' }.received", equalTo(1)));
        given().auth().oauth2(ingest).when().get("/api/v1/coverage").then().statusCode(200)
                .body("service", equalTo("platform-signals-service")).body("tenantId", equalTo(tenantId))
                .body("inputs.find { it.kind == 'RATING' }.fields.find { it.name == 'clientId' }.received", equalTo(1))
                .body("detectors.find { it.code == 'PL-05' }.fed", equalTo(true))
                .body("detectors.find { it.code == 'PL-09' }.fed", equalTo(false))
                .body("detectors.find { it.code == 'PL-09' }.needs", hasItem("PORT_CHECK.openPorts"))
                .body("detectors.find { it.code == 'PL-10' }.fed", equalTo(false))
                .body("neverSent", hasItem("ACCOUNT_CREATED.declaredTimezone"))
                .body("neverSent", hasItem("PORT_CHECK"))
                .body("neverSent", hasItem("RATING.ip"))
                .body("neverSent", not(hasItem("LOGIN.ip")));
        // another tenant sees only its own (nothing of this one's), a refused batch counts nothing, and the
        // coverage needs one of the roles and a tenant
        given().auth().oauth2(tenant("tenant-cov-other-" + UUID.randomUUID().toString().substring(0, 8), "PLATFORM",
                        "analyst")).when().get("/api/v1/coverage").then().statusCode(200)
                .body("inputs.find { it.kind == 'LOGIN' }.received", equalTo(0));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(login(account, null),
                        with(login(account, null), "type", "PROFILE_TEXT")))
                .when().post("/api/v1/events").then().statusCode(400);
        given().auth().oauth2(ingest).when().get("/api/v1/coverage").then().statusCode(200)
                .body("inputs.find { it.kind == 'LOGIN' }.received", equalTo(2));
        given().auth().oauth2(tenant(tenantId, "PLATFORM", "reviewer")).when().get("/api/v1/coverage")
                .then().statusCode(403);
        given().when().get("/api/v1/coverage").then().statusCode(401);
    }

    @Test
    void theServedOpenApiDocumentIsTheCommittedOne() {
        assertNull(OpenApiSnapshot.compare("http://localhost:" + management.getPort() + "/q/openapi"));
        // the contract's union, a schema per type with its required fields
        given().port(management.getPort()).when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.PlatformEvent.discriminator.propertyName", equalTo("type"))
                .body("components.schemas.RatingEvent.required", hasItems("clientId", "rating", "eventId"))
                .body("components.schemas.MessageEvent.properties.direction.enum", hasItems("FROM_CLIENT", "TO_CLIENT"))
                .body("paths.'/api/v1/events'.post.requestBody.content.'application/json'.schema.items.$ref",
                        equalTo("#/components/schemas/PlatformEvent"));
    }

    @Test
    void eventsBeyondTheLimitsAreRefusedWithTheFieldNamed() {
        String account = "acct-" + UUID.randomUUID();
        Map<String, Map<String, Object>> poisons = new LinkedHashMap<>();
        poisons.put("occurredAt", with(login(account, null), "occurredAt", "+200000-01-01T00:00:00Z"));
        poisons.put("occurredAt ", with(login(account, null), "occurredAt", "1900-01-01T00:00:00Z"));
        Map<String, Object> zone = with(login(account, null), "type", "ACCOUNT_CREATED");
        poisons.put("declaredTimezone", with(zone, "declaredTimezone", "Z".repeat(301)));
        poisons.put("declaredTimezone ", with(zone, "declaredTimezone", "Mars/Olympus_Mons"));
        poisons.put("declaredCountry", with(zone, "declaredCountry", "Poland"));
        poisons.put("text", with(with(login(account, null), "type", "MESSAGE"), "text", "x".repeat(20_001)));
        poisons.put("tags", with(with(login(account, null), "type", "BID"), "tags",
                Collections.nCopies(201, "java")));
        poisons.put("eventId", with(login(account, null), "eventId", "e-\u0001"));
        poisons.put("note", with(login(account, null), "note", "a\u0000b"));
        poisons.put("nested", with(login(account, null), "nested", Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", 1)))))));
        poisons.forEach((field, event) -> given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(List.of(login(account, null), event)).when().post("/api/v1/events")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1]." + field.strip())));
        // the ordinary case: a real zone, a country code, a long message within the limit
        Map<String, Object> created = with(with(zone, "declaredTimezone", "Asia/Seoul"), "declaredCountry", "KR");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(List.of(created, with(with(login(account, null), "type", "MESSAGE"), "text", "x".repeat(20_000))))
                .when().post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(2));
    }

    private static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.put("eventId", "e-" + UUID.randomUUID());
        copy.put(field, value);
        return copy;
    }

    @Test
    void theOutboxKeepsTheDeviceAsItsHashAndTheTopologyStillLinksIt() {
        String account = "acct-" + UUID.randomUUID();
        String device = "laptop-" + UUID.randomUUID();
        Map<String, Object> event = with(login(account, "w-" + UUID.randomUUID()), "deviceId", device);
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(event))
                .when().post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(1));
        @SuppressWarnings("unchecked")
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("select payload from outbox where message_key = ?1").setParameter(1, account)
                .getResultList());
        assertEquals(1, payloads.size());
        assertTrue(!payloads.getFirst().contains(device) && payloads.getFirst().contains("\"deviceHash\":\"v1:"),
                payloads.getFirst());
        // the topology observes the same hash it would have made of the clear id
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .anyMatch(r -> r.value().contains(account) && r.value().contains("\"DEVICE\"")
                        && r.value().contains(hasher.hash(device))));
    }
}
