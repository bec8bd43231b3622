package dev.firebreak.payments;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.firebreak.localstack.testing.OpenApiSnapshot;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertNull;
import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/** Transfers through the API: batches, idempotency, bad input, and the per-transfer detectors. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class TransfersApiTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, never the API's. */
    @TestHTTPResource(value = "health", management = true)
    URL management;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private final String tenantId = "tenant-" + UUID.randomUUID();
    private final String ingest = tenant(tenantId, "EMI", "ingest", "analyst");

    private static Map<String, Object> party(String id, String kind, Map<String, Object> account, String device) {
        Map<String, Object> party = new HashMap<>();
        party.put("partyId", id);
        party.put("name", "Name of " + id);
        party.put("kind", kind);
        party.put("account", account);
        if (device != null) {
            party.put("deviceId", device);
        }
        return party;
    }

    private static Map<String, Object> transfer(String id, Instant at, Map<String, Object> payer, Map<String, Object> payee,
                                                String amount) {
        Map<String, Object> t = new HashMap<>();
        t.put("transferId", id);
        t.put("occurredAt", at.toString());
        t.put("payer", payer);
        t.put("payee", payee);
        t.put("amount", amount);
        t.put("currency", "GBP");
        t.put("method", "BANK_TRANSFER");
        return t;
    }

    private static final Map<String, Object> CLIENT_ACCOUNT = Map.of("iban", "GB82WEST12345698765432");
    private static final Map<String, Object> WORKER_ACCOUNT = Map.of("iban", "DE89370400440532013000");

    @Test
    void aBatchIsStoredOnceAndAnAccountUsedByClientAndWorkerIsShared() {
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        Map<String, Object> pay = transfer("tr-1", t0, party("client-1", "CLIENT", CLIENT_ACCOUNT, "dev-a"),
                party("worker-1", "WORKER", WORKER_ACCOUNT, null), "1200.00");
        pay.put("workerId", "w-1");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(pay))
                .when().post("/api/v1/transfers").then().statusCode(200)
                .body("[0].duplicate", equalTo(false)).body("[0].signals", hasSize(0));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(pay))
                .when().post("/api/v1/transfers").then().statusCode(200).body("[0].duplicate", equalTo(true));
        // the worker's account used by the client as its own: PM-03 for both parties; the client's device too: PM-04
        Map<String, Object> back = transfer("tr-2", t0.plusSeconds(3600), party("worker-1", "WORKER", WORKER_ACCOUNT, "dev-a"),
                party("client-2", "CLIENT", WORKER_ACCOUNT, null), "50.00");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(back))
                .when().post("/api/v1/transfers").then().statusCode(200)
                .body("[0].signals.code", hasItem("PM-03")).body("[0].signals.code", hasItem("PM-04"));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(back))
                .when().post("/api/v1/transfers").then().statusCode(200)
                .body("[0].signals.isNew", everyItem(equalTo(false)));
        given().auth().oauth2(ingest).when().get("/api/v1/parties/{id}/signals", "client-2")
                .then().statusCode(200).body("code", hasItem("PM-03"));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .anyMatch(r -> r.key().equals(tenantId + ":w-1") && r.value().contains("\"PAYMENT_PARTY\"")
                        && r.value().contains("\"worker-1\"")));
    }

    @Test
    void velocityHighRiskDestinationsAndSmallDebits() {
        Instant t0 = Instant.parse("2026-11-03T00:00:00Z");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(transfer("v-" + i, t0.plusSeconds(600L * i), party("busy", "INDIVIDUAL", CLIENT_ACCOUNT, null),
                    party("payee-" + i, "INDIVIDUAL", Map.of("number", "00710001234" + i, "bic", "BFTVVNVX", "country", "VN"),
                            null), "300"));
        }
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/transfers").then().statusCode(200)
                .body("[8].signals.code", not(hasItem("PM-05"))).body("[9].signals.code", hasItem("PM-05"))
                .body("[0].signals.code", hasItem("PM-07"));
        Map<String, Object> debit = transfer("d-1", t0, party("victim", "CLIENT", WORKER_ACCOUNT, null),
                party("shop", "COMPANY", Map.of("iban", "FR1420041010050500013M02606"), null), "19.99");
        debit.put("initiatedBy", "worker-party-7");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(debit))
                .when().post("/api/v1/transfers").then().statusCode(200).body("[0].signals.code", hasItem("PM-12"))
                .body("[0].signals.find { it.code == 'PM-12' }.partyId", equalTo("worker-party-7"));
    }

    @Test
    void oneBadElementRejectsTheBatchAndStoresNothing() {
        Instant t0 = Instant.parse("2026-11-04T00:00:00Z");
        Map<String, Object> good = transfer("b-1", t0, party("p-1", "CLIENT", CLIENT_ACCOUNT, null),
                party("p-2", "WORKER", WORKER_ACCOUNT, null), "10");
        Map<String, Object> badIban = transfer("b-2", t0, party("p-1", "CLIENT", CLIENT_ACCOUNT, null),
                party("p-3", "WORKER", Map.of("iban", "DE00370400440532013000"), null), "10");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(good, badIban))
                .when().post("/api/v1/transfers").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("[1].payee.account.iban"));
        Map<String, Object> badCurrency = new HashMap<>(good);
        badCurrency.put("currency", "XYZ");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(badCurrency))
                .when().post("/api/v1/transfers").then().statusCode(400).body("errors[0].field", equalTo("[0].currency"));
        Map<String, Object> negative = new HashMap<>(good);
        negative.put("amount", "-5");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(negative))
                .when().post("/api/v1/transfers").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of())
                .when().post("/api/v1/transfers").then().statusCode(400).contentType("application/problem+json");
        // nothing of the rejected batches was stored: the good transfer is new now
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(good))
                .when().post("/api/v1/transfers").then().statusCode(200).body("[0].duplicate", equalTo(false));
        given().contentType(ContentType.JSON).body(List.of(good)).when().post("/api/v1/transfers").then().statusCode(401);
    }

    @Test
    void partiesAreQueuedForScreeningAndStayQueuedWhileIdentityServiceIsDown() {
        Map<String, Object> t = transfer("s-1", Instant.parse("2026-11-06T00:00:00Z"),
                party("scr-payer", "CLIENT", CLIENT_ACCOUNT, null), party("scr-payee", "WORKER", WORKER_ACCOUNT, null), "10");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(t))
                .when().post("/api/v1/transfers").then().statusCode(200);
        // no identity-service in this test: the call fails, the row stays queued with a later attempt
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(ingest).when().get("/api/v1/parties/{id}/screening", "scr-payee").then()
                        .statusCode(200).body("[0].pending", equalTo(true))
                        .body("[0].attempts", Matchers.greaterThanOrEqualTo(1)));
        given().auth().oauth2(ingest).when().get("/api/v1/parties/{id}/screening", "nobody").then().statusCode(404);
    }

    @Test
    void anUnreadableListNoticeIsDeadLetteredAndTheChannelGoesOn() {
        String run = UUID.randomUUID().toString();
        TopicReader.write(kafka, "watchlists.updated", "bad-" + run, "{ not a notice " + run);
        TopicReader.write(kafka, "watchlists.updated", "worse-" + run, "[]");
        // both dead-lettered with a reason: the first did not stop the channel
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "watchlists.updated.dlq").stream()
                .filter(r -> r.key() != null && r.key().endsWith(run) && r.headers().lastHeader("dead-letter-reason") != null)
                .count() == 2);
        given().port(management.getPort()).when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static Map<String, Object> vn(String n) {
        return Map.of("number", "0071000" + n, "bic", "BFTVVNVX", "country", "VN");
    }

    @Test
    void caseStudyTwoFrontCompanyIsCaughtAndTheBenignControlsAreNot() {
        Instant t0 = Instant.parse("2026-11-05T09:00:00Z");
        Map<String, Object> front = party("front-co", "COMPANY", Map.of("iban", "GB33BUKB20201555555555"), null);
        List<Map<String, Object>> deposits = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            deposits.add(transfer("dep-" + i, t0.plusSeconds(3600L * i), party("payer-" + i, "CLIENT",
                    Map.of("iban", List.of("DE89370400440532013000", "FR1420041010050500013M02606", "NL91ABNA0417164300",
                            "BE68539007547034", "IT60X0542811101000000123456").get(i - 1)), null), front, "2000"));
        }
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(deposits)
                .when().post("/api/v1/transfers").then().statusCode(200).body("signals.flatten().code", not(hasItem("PM-09")));
        Map<String, Object> vietnam = party("indiv-vn", "INDIVIDUAL", vn("555001"), null);
        Map<String, Object> laos = party("indiv-la", "INDIVIDUAL", Map.of("number", "0101000999", "bic", "COEBLALA", "country", "LA"), null);
        Map<String, Object> china = party("indiv-cn", "INDIVIDUAL", Map.of("number", "6222020200012345678", "bic", "ICBKCNBJ", "country", "CN"), null);
        Instant t1 = t0.plus(Duration.ofDays(2));
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(List.of(transfer("out-vn", t1, front, vietnam, "4800"), transfer("out-la", t1.plusSeconds(60), front, laos, "4700")))
                .when().post("/api/v1/transfers").then().statusCode(200)
                .body("[0].signals.code", hasItem("PM-09")).body("[0].signals.code", hasItem("PM-08"))
                .body("[0].signals.code", hasItem("PM-07"))
                .body("[0].signals.findAll { it.code == 'PM-09' }.partyId", hasItem("front-co"))
                .body("[1].signals.findAll { it.code == 'PM-09' }.partyId", hasItem("indiv-la"));
        // onward to China through the individual: a three-transfer path from a client payment
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(List.of(transfer("vn-cn", t1.plus(Duration.ofHours(5)), vietnam, china, "4500")))
                .when().post("/api/v1/transfers").then().statusCode(200)
                .body("[0].signals.code", hasItem("PM-08"))
                .body("[0].signals.find { it.code == 'PM-08' }.partyId", equalTo("front-co"));
        // money sent back to the front company closes a reciprocal flow
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(List.of(transfer("vn-back", t1.plus(Duration.ofHours(6)), vietnam, front, "200")))
                .when().post("/api/v1/transfers").then().statusCode(200).body("[0].signals.code", hasItem("PM-06"));
        given().auth().oauth2(ingest).when().get("/api/v1/parties/{id}/signals", "front-co").then().statusCode(200)
                .body("code", hasItem("PM-06")).body("code", hasItem("PM-08")).body("code", hasItem("PM-09"))
                .body("find { it.code == 'PM-08' }.evidence.path", hasItem("payer-1"));

        // benign: a worker paid in Vietnam into their own account — PM-07 only
        Map<String, Object> own = transfer("benign-1", t1, party("client-b", "CLIENT", Map.of("iban", "GB82WEST12345698765432"), null),
                party("worker-vn", "WORKER", vn("777001"), null), "900");
        own.put("workerId", "w-vn");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(own))
                .when().post("/api/v1/transfers").then().statusCode(200).body("[0].signals.code", equalTo(List.of("PM-07")));
        // benign: a business paying many contractors at home — nothing
        List<Map<String, Object>> payroll = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            payroll.add(transfer("payroll-" + i, t1.plusSeconds(i), party("agency", "COMPANY", Map.of("iban", "GB29NWBK60161331926819"), null),
                    party("contractor-" + i, "INDIVIDUAL", Map.of("iban", List.of("DE75512108001245126199", "FR7630006000011234567890189",
                            "ES9121000418450200051332", "NL02ABNA0123456789", "AT611904300234573201", "FI2112345600000785").get(i)), null),
                    "1500"));
        }
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(payroll)
                .when().post("/api/v1/transfers").then().statusCode(200).body("signals.flatten()", hasSize(0));
        // benign: a client overpaid its worker, who sends part of it back — shown as a refund, not counted
        Map<String, Object> client = party("client-refund", "CLIENT", Map.of("iban", "GB33BUKB20201555555555"), null);
        Map<String, Object> worker = party("worker-refund", "WORKER", Map.of("iban", "DE02120300000000202051"), null);
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(transfer("job-paid", t1, client, worker, "1200")))
                .when().post("/api/v1/transfers").then().statusCode(200);
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(List.of(transfer("job-refund", t1.plus(Duration.ofDays(1)), worker, client, "200")))
                .when().post("/api/v1/transfers").then().statusCode(200).body("[0].signals.code", hasItem("PM-06"));
        given().auth().oauth2(ingest).when().get("/api/v1/parties/{id}/signals", "worker-refund").then().statusCode(200)
                .body("find { it.code == 'PM-06' }.evidence.kind", equalTo("CLIENT_WORKER_REFUND"))
                .body("find { it.code == 'PM-06' }.confidence", lessThan(0.5f));
    }

    @Test
    void aDenseGraphIsWalkedWithinItsCapAndTheCycleStillFound() {
        // 16 parties each paying every other within a day, for a tenant whose cycles may have 9 transfers: a walk
        // from a new transfer without a cap would follow 15^8 (2.5 billion) paths
        String token = tenant("tenant-dense", "EMI", "ingest", "analyst");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = Instant.parse("2026-11-05T08:00:00Z");
        List<Map<String, Object>> batch = new ArrayList<>();
        int n = 16;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a != b) {
                    batch.add(transfer("dense-" + run + "-" + a + "-" + b, t0.plusSeconds(60L * batch.size()),
                            party("p-" + run + "-" + a, "INDIVIDUAL", CLIENT_ACCOUNT, null),
                            party("p-" + run + "-" + b, "INDIVIDUAL", WORKER_ACCOUNT, null), "10.00"));
                }
            }
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/transfers").then().statusCode(200);
        // one more: it closes reciprocal payments and cycles, which are found, and the request is answered
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(List.of(transfer("dense-" + run + "-last", t0.plusSeconds(60L * batch.size()),
                        party("p-" + run + "-1", "INDIVIDUAL", CLIENT_ACCOUNT, null),
                        party("p-" + run + "-0", "INDIVIDUAL", WORKER_ACCOUNT, null), "10.00")))
                .when().post("/api/v1/transfers").then().statusCode(200).body("[0].signals.code", hasItem("PM-06"));
    }

    @Test
    void theServedOpenApiDocumentIsTheCommittedOne() {
        assertNull(OpenApiSnapshot.compare("http://localhost:" + management.getPort() + "/q/openapi"));
    }

    @Test
    void coverageCountsTheTenantsTransfersAndTheirFieldsAndNamesWhatItNeverSends() {
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        List<Map<String, Object>> batch = List.of(
                transfer("cov-1-" + UUID.randomUUID(), at, party("cov-client", "CLIENT", CLIENT_ACCOUNT, "dev-c"),
                        party("cov-worker", "WORKER", WORKER_ACCOUNT, null), "100"),
                transfer("cov-2-" + UUID.randomUUID(), at.plusSeconds(60), party("cov-client", "CLIENT", CLIENT_ACCOUNT, "dev-c"),
                        party("cov-worker", "WORKER", WORKER_ACCOUNT, null), "120"));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/transfers").then().statusCode(200);
        // a replay counts nothing more
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/transfers").then().statusCode(200);
        given().auth().oauth2(ingest).when().get("/api/v1/coverage").then().statusCode(200)
                .body("service", equalTo("payments-service"))
                .body("inputs.find { it.kind == 'TRANSFER' }.received", equalTo(2))
                .body("inputs.find { it.kind == 'TRANSFER' }.fields.find { it.name == 'payer.deviceId' }.received", equalTo(2))
                .body("neverSent", hasItem("TRANSFER.workerId"))
                .body("neverSent", hasItem("PAYOUT_ACCOUNT"))
                .body("detectors.find { it.code == 'PM-04' }.fed", equalTo(true))
                .body("detectors.find { it.code == 'PM-10' }.fed", equalTo(false));
        given().auth().oauth2(tenant("tenant-" + UUID.randomUUID(), "EMI", "analyst")).when().get("/api/v1/coverage")
                .then().statusCode(200).body("inputs.find { it.kind == 'TRANSFER' }.received", equalTo(0));
    }
}
