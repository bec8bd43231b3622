package dev.firebreak.payments;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class PaymentsApiTest {

    private static final String INGEST = tenant("tenant-a", "EMI", "ingest", "analyst");
    private static final String ANALYST = tenant("tenant-a", "EMI", "analyst");
    private static final String OTHER_TENANT = tenant("tenant-b", "EMI", "analyst");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    static Map<String, Object> payout(String worker, Map<String, Object> account) {
        Map<String, Object> body = new HashMap<>();
        body.put("workerId", worker);
        body.put("workerName", "Anna Eriksson");
        body.put("accountHolderName", "Anna Eriksson");
        body.put("account", account);
        body.put("status", "ACTIVE");
        body.put("observedAt", "2026-11-20T10:00:00Z");
        return body;
    }

    @Test
    void aPayoutAccountIsStoredOnceAndObserved() {
        String worker = "w-" + UUID.randomUUID();
        Map<String, Object> body = payout(worker, Map.of("iban", "GB82 WEST 1234 5698 7654 32"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/payout-accounts").then().statusCode(201)
                .body("country", equalTo("GB")).body("accountHash", startsWith("v1:"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/payout-accounts").then().statusCode(200).body("duplicate", equalTo(true));
        given().auth().oauth2(ANALYST).when().get("/api/v1/workers/{id}/payments", worker)
                .then().statusCode(200).body("payoutAccounts", hasSize(1))
                .body("payoutAccounts[0].accountMask", equalTo("…5432"));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .anyMatch(r -> r.key().equals("tenant-a:" + worker) && r.value().contains("\"PAYOUT_COUNTRY\"")));
        assertEquals(1, TopicReader.readAll(kafka, "entity.observations").stream()
                .filter(r -> r.key().equals("tenant-a:" + worker) && r.value().contains("\"PAYMENT_ACCOUNT\"")).count());
    }

    @Test
    void aDomesticChineseAccountTakesItsCountryFromTheBic() {
        String worker = "w-" + UUID.randomUUID();
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(payout(worker, Map.of("number", "6222 0202 0001 2345 678", "bic", "ICBKCNBJ", "country", "CN")))
                .when().post("/api/v1/payout-accounts").then().statusCode(201).body("country", equalTo("CN"));
    }

    @Test
    void badAccountDataIsRejectedNamingTheFieldAndStoresNothing() {
        String worker = "w-" + UUID.randomUUID();
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(payout(worker, Map.of("iban", "GB00 WEST 1234 5698 7654 32")))
                .when().post("/api/v1/payout-accounts").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("account.iban"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(payout(worker, Map.of("number", "12345678", "bic", "ICBKCNBJ", "country", "VN")))
                .when().post("/api/v1/payout-accounts").then().statusCode(400)
                .body("errors[0].field", equalTo("account.country"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(payout(worker, Map.of("iban", "GB82WEST12345698765432", "wallet", "0xabc", "chain", "ETH")))
                .when().post("/api/v1/payout-accounts").then().statusCode(400).body("errors[0].field", equalTo("account"));
        Map<String, Object> badStatus = payout(worker, Map.of("iban", "GB82WEST12345698765432"));
        badStatus.put("status", "MAYBE");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(badStatus)
                .when().post("/api/v1/payout-accounts").then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body("{\"workerId\": 5,")
                .when().post("/api/v1/payout-accounts").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ANALYST).when().get("/api/v1/workers/{id}/payments", worker).then().statusCode(404);
    }

    @Test
    void authenticationRolesAndTenantsAreEnforced() {
        String worker = "w-" + UUID.randomUUID();
        Map<String, Object> body = payout(worker, Map.of("iban", "DE89370400440532013000"));
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/payout-accounts")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body(body).when().post("/api/v1/payout-accounts")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body).when().post("/api/v1/payout-accounts")
                .then().statusCode(201);
        given().auth().oauth2(OTHER_TENANT).when().get("/api/v1/workers/{id}/payments", worker)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anEnablersAccountAndAThirdPartysNameAndAHighRiskDestinationAreFlagged() {
        String tenantId = "tenant-" + UUID.randomUUID();
        String ingest = tenant(tenantId, "EMI", "ingest", "analyst");
        List<String> workers = List.of("w-a-" + UUID.randomUUID(), "w-b-" + UUID.randomUUID(), "w-c-" + UUID.randomUUID());
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(ingest).contentType(ContentType.JSON)
                    .body(payout(workers.get(i), Map.of("iban", "DE89 3704 0044 0532 0130 00")))
                    .when().post("/api/v1/payout-accounts").then().statusCode(201).body("signals", hasSize(0));
        }
        Map<String, Object> third = payout(workers.get(2), Map.of("iban", "DE89370400440532013000"));
        third.put("accountHolderName", "Lin Hua Consulting");
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(third)
                .when().post("/api/v1/payout-accounts").then().statusCode(201)
                .body("signals.code", hasItems("PM-01", "PM-11"))
                .body("signals.findAll { it.code == 'PM-11' }.workerId", containsInAnyOrder(workers.toArray()));
        // a replay raises nothing new
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(third)
                .when().post("/api/v1/payout-accounts").then().statusCode(200)
                .body("signals.isNew", everyItem(equalTo(false)));
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(payout(workers.getFirst(), Map.of("number", "0071000123456", "bic", "BFTVVNVX", "country", "VN")))
                .when().post("/api/v1/payout-accounts").then().statusCode(201).body("signals.code", hasItem("PM-07"));
        given().auth().oauth2(ingest).when().get("/api/v1/workers/{id}/payments", workers.get(1))
                .then().statusCode(200).body("signals.code", hasItem("PM-11"))
                .body("signals.find { it.code == 'PM-11' }.evidence.workers", hasSize(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "risk.signals").stream()
                .filter(r -> r.key().startsWith(tenantId + ":") && r.value().contains("\"PM-11\"")
                        && r.value().contains("\"groupId\":\"")).count() == 3);
    }

    @Test
    void paymentRequestsForCryptoOrAThirdPartysAccountAreFlagged() {
        String worker = "w-" + UUID.randomUUID();
        Map<String, Object> crypto = new HashMap<>(Map.of("requestId", "rq-" + UUID.randomUUID(), "workerId", worker,
                "workerName", "Anna Eriksson", "kind", "CRYPTO", "observedAt", "2026-11-21T10:00:00Z",
                "account", Map.of("wallet", "0x52908400098527886E0F7030069857D2E4169EE7", "chain", "ETH"),
                "note", "pay me in USDT please"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(crypto)
                .when().post("/api/v1/payment-requests").then().statusCode(201).body("signals[0].code", equalTo("PM-10"))
                .body(not(Matchers.containsString("USDT")));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(crypto)
                .when().post("/api/v1/payment-requests").then().statusCode(200).body("signals[0].isNew", equalTo(false));
        Map<String, Object> thirdParty = new HashMap<>(Map.of("requestId", "rq-" + UUID.randomUUID(), "workerId", worker,
                "workerName", "Anna Eriksson", "kind", "THIRD_PARTY_ACCOUNT", "observedAt", "2026-11-21T11:00:00Z",
                "accountHolderName", "Wei Zhang", "account", Map.of("iban", "DE89370400440532013000")));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(thirdParty)
                .when().post("/api/v1/payment-requests").then().statusCode(201).body("signals[0].code", equalTo("PM-01"));
        Map<String, Object> bad = new HashMap<>(crypto);
        bad.put("requestId", "rq-bad");
        bad.put("account", Map.of("iban", "DE89370400440532013000"));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(bad)
                .when().post("/api/v1/payment-requests").then().statusCode(400).body("errors[0].field", equalTo("account"));
        bad.put("kind", "GOLD");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(bad)
                .when().post("/api/v1/payment-requests").then().statusCode(400).contentType("application/problem+json");
    }
}
