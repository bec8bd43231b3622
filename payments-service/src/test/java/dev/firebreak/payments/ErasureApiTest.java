package dev.firebreak.payments;

import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.WorkerErasure;
import dev.firebreak.kit.erasure.ErasedSubjects;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * payments-service's part of an erasure (issue 29): the worker's payout accounts, payment requests, transfers and the
 * party only it was go; a worker who shares its bank account keeps its own accounts, transfers and flags; a transfer or
 * payout about the erased worker or party is refused (410) or, in a batch, dropped and marked.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class ErasureApiTest {

    private static final Map<String, Object> CLIENT_ACCOUNT = Map.of("iban", "GB82WEST12345698765432");
    private static final Map<String, Object> SHARED_ACCOUNT = Map.of("iban", "DE89370400440532013000");
    private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

    private final String tenantId = "tenant-" + UUID.randomUUID();
    private final String ingest = tenant(tenantId, "EMI", "ingest", "analyst");
    private final String admin = tenant(tenantId, "EMI", "admin");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    EntityManager em;

    @Inject
    ErasedSubjects subjects;

    @Test
    void theWorkerAndThePartyOnlyItWasGoAndTheWorkerSharingItsAccountKeepsEverything() {
        String erased = "w-" + UUID.randomUUID();
        String kept = "w-" + UUID.randomUUID();
        // two workers paid into one bank account, each its own party
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(PaymentsApiTest.payout(erased, SHARED_ACCOUNT))
                .post("/api/v1/payout-accounts").then().statusCode(201);
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(PaymentsApiTest.payout(kept, SHARED_ACCOUNT))
                .post("/api/v1/payout-accounts").then().statusCode(201);
        post(List.of(pay("t1-" + erased, "party-" + erased, erased, 0), pay("t1-" + kept, "party-" + kept, kept, 1)));
        int keptTransfers = transfers("party-" + kept);
        given().auth().oauth2(ingest).get("/api/v1/workers/{id}/payments", kept).then().statusCode(200);
        var keptBefore = given().auth().oauth2(ingest).get("/api/v1/workers/{id}/payments", kept).then().extract()
                .jsonPath();

        given().auth().oauth2(ingest).delete("/api/v1/workers/{id}", erased).then().statusCode(403);
        given().auth().oauth2(admin).delete("/api/v1/workers/{id}", erased).then().statusCode(200)
                .body("erased.payoutAccounts", equalTo(1)).body("erased.transfers", equalTo(1))
                .body("erased.parties", equalTo(1));
        given().auth().oauth2(ingest).get("/api/v1/workers/{id}/payments", erased).then().statusCode(404);
        given().auth().oauth2(ingest).get("/api/v1/parties/{id}/signals", "party-" + erased).then().statusCode(200)
                .body("$", hasSize(0));
        assertEquals(0, transfers("party-" + erased));
        // the other worker: its payout account, transfers and flags as before
        assertEquals(keptTransfers, transfers("party-" + kept));
        given().auth().oauth2(ingest).get("/api/v1/workers/{id}/payments", kept).then().statusCode(200)
                .body("payoutAccounts", hasSize(keptBefore.getList("payoutAccounts").size()))
                .body("signals.signalId", equalTo(keptBefore.getList("signals.signalId")));

        // from then on: a payout is refused; in a batch, a transfer about the worker or its party is dropped and marked
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(PaymentsApiTest.payout(erased, SHARED_ACCOUNT))
                .post("/api/v1/payout-accounts").then().statusCode(410).contentType("application/problem+json");
        Map<String, Object> byWorker = pay("t2-" + erased, "party-new", erased, 2);
        Map<String, Object> byParty = pay("t3-" + erased, "party-" + erased, null, 3);
        Map<String, Object> other = pay("t4-" + kept, "party-" + kept, kept, 4);
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(List.of(byWorker, byParty, other))
                .post("/api/v1/transfers").then().statusCode(200)
                .body("[0].erased", equalTo(true)).body("[1].erased", equalTo(true))
                .body("[2].erased", nullValue()).body("[2].duplicate", equalTo(false));
        assertEquals(0, transfers("party-" + erased));
        assertEquals(0, transfers("party-new"));
        assertEquals(keptTransfers + 1, transfers("party-" + kept));
    }

    @Test
    void aNoticeOnWorkerErasuresErasesAndConfirmsAsPaymentsService() {
        String worker = "w-" + UUID.randomUUID();
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(PaymentsApiTest.payout(worker, CLIENT_ACCOUNT))
                .post("/api/v1/payout-accounts").then().statusCode(201);
        WorkerErasure notice = WorkerErasure.requested(UUID.randomUUID(), tenantId, worker,
                subjects.workerHash(tenantId, worker), Instant.now());
        TopicReader.write(kafka, "worker.erasures", notice.messageKey(), ContractJsonWriter.json(notice));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(ingest)
                .get("/api/v1/workers/{id}/payments", worker).statusCode() == 404);
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "worker.erasures.confirmed")
                .stream().anyMatch(r -> r.value().contains(notice.erasureId().toString())
                        && r.value().contains("\"payments-service\"") && r.value().contains("\"payoutAccounts\":1")));
    }

    private int transfers(String party) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from transfer where tenant_id = ?1 and (payer_party = ?2 or payee_party = ?2)")
                .setParameter(1, tenantId).setParameter(2, party).getSingleResult()).intValue());
    }

    private void post(List<Map<String, Object>> batch) {
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(batch).post("/api/v1/transfers").then()
                .statusCode(200);
    }

    /** A client's payment to a worker's party (into the shared account), about {@code worker} (may be null). */
    private static Map<String, Object> pay(String id, String workerParty, String worker, int n) {
        Map<String, Object> t = new HashMap<>();
        t.put("transferId", id);
        t.put("occurredAt", T.plusSeconds(3600L * n).toString());
        t.put("payer", party("client-1", "CLIENT", CLIENT_ACCOUNT));
        t.put("payee", party(workerParty, "WORKER", SHARED_ACCOUNT));
        t.put("amount", "900.00");
        t.put("currency", "GBP");
        t.put("method", "BANK_TRANSFER");
        if (worker != null) {
            t.put("workerId", worker);
        }
        return t;
    }

    private static Map<String, Object> party(String id, String kind, Map<String, Object> account) {
        return Map.of("partyId", id, "name", "Name of " + id, "kind", kind, "account", account);
    }

    /** The contract's JSON of a message. */
    private static final class ContractJsonWriter {
        static String json(Object message) {
            try {
                return ContractJson.mapper().writeValueAsString(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
