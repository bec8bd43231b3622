package dev.firebreak.platform;

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
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * platform-signals-service's part of an erasure (issue 29), on the real broker: a notice erases the worker's REST
 * events and kept signals (the database side, confirming as platform-signals-service) and its accounts' detector state
 * (the topology, confirming as platform-signals-detectors), an account known only from Kafka included; events about
 * the worker or its accounts are accepted and dropped from then on. The service's own DELETE erases its rows alone.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
@WithTestResource(MmdbTestResource.class)
class ErasureApiTest {

    private static final String TENANT = "tenant-a";
    private static final String INGEST = tenant(TENANT, "PLATFORM", "ingest", "analyst");
    private static final String ADMIN = tenant(TENANT, "PLATFORM", "admin");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    EntityManager em;

    @Inject
    ErasedSubjects subjects;

    @Test
    void aNoticeErasesTheRowsAndTheDetectorStateOfEveryAccountAndBothPartsConfirm() {
        String worker = "w-" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        String kafkaOnly = "acct-" + UUID.randomUUID();
        // a VPN login through the API (PL-08), and an account the platform sends on its topic only
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(vpnLogin(account, worker)))
                .post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(1));
        TopicReader.write(kafka, "platform.events", Map.of("tenant-id", TENANT), List.<String[]>of(new String[] {kafkaOnly,
                json(vpnLogin(kafkaOnly, worker))}));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(INGEST)
                .get("/api/v1/accounts/{id}/signals", account).jsonPath().getList("signals").size() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .anyMatch(r -> r.value().contains(kafkaOnly) && r.value().contains("PLATFORM_ACCOUNT")));

        WorkerErasure notice = WorkerErasure.requested(UUID.randomUUID(), TENANT, worker,
                subjects.workerHash(TENANT, worker), Instant.now());
        TopicReader.write(kafka, "worker.erasures", notice.messageKey(), json(notice));

        await().atMost(Duration.ofSeconds(60)).until(() -> confirmed(notice, "\"platform-signals-service\"")
                && confirmed(notice, "\"platform-signals-detectors\""));
        assertEquals(true, confirmed(notice, "\"accounts\":2"), "the topology erased both accounts");
        given().auth().oauth2(INGEST).get("/api/v1/accounts/{id}/signals", account).then().statusCode(404);
        assertEquals(0, rows("platform_event", "worker_id", worker));
        assertEquals(0, rows("platform_signal", "account_id", account));
        // the account known only from Kafka comes back from the topology and is suppressed here too
        await().atMost(Duration.ofSeconds(60)).until(() -> subjects.isErased(TENANT, ErasedSubjects.Kind.ACCOUNT, kafkaOnly));

        // from then on, events about the worker or its accounts are accepted and dropped
        Map<String, Object> anonymous = vpnLogin(account, null);
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(List.of(vpnLogin(account, worker), anonymous, vpnLogin("acct-" + UUID.randomUUID(), worker)))
                .post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(0)).body("erased", equalTo(3));
        assertEquals(0, rows("platform_event", "account_id", account));
    }

    @Test
    void theServicesOwnDeleteErasesItsRowsAndItsTopologysState() {
        String worker = "w-" + UUID.randomUUID();
        String other = "w-" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        String kafkaOnly = "acct-" + UUID.randomUUID();
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(List.of(vpnLogin(account, worker), vpnLogin("acct-" + UUID.randomUUID(), other)))
                .post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(2));
        TopicReader.write(kafka, "platform.events", Map.of("tenant-id", TENANT), List.<String[]>of(new String[] {kafkaOnly,
                json(vpnLogin(kafkaOnly, worker))}));
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.readAll(kafka, "entity.observations").stream()
                .anyMatch(r -> r.value().contains(kafkaOnly) && r.value().contains("PLATFORM_ACCOUNT")));
        given().auth().oauth2(INGEST).delete("/api/v1/workers/{id}", worker).then().statusCode(403);
        given().auth().oauth2(ADMIN).delete("/api/v1/workers/{id}", worker).then().statusCode(200)
                .body("erased.accounts", equalTo(1)).body("erased.events", equalTo(1));
        given().auth().oauth2(INGEST).get("/api/v1/accounts/{id}/signals", account).then().statusCode(404);
        assertEquals(1, rows("platform_event", "worker_id", other));
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(List.of(vpnLogin(account, null)))
                .post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(0)).body("erased", equalTo(1));
        // the topology erases too (platform.workers.erased, which only this service reads): the account it knew only
        // from Kafka comes back erased, and nothing is confirmed to an aggregator that did not ask
        await().atMost(Duration.ofSeconds(60)).until(() -> subjects.isErased(TENANT, ErasedSubjects.Kind.ACCOUNT, kafkaOnly));
    }

    @Test
    void anErasedAccountMessageThatIsNotOneIsDeadLetteredAndTheNextIsApplied() {
        String bad = "bad-" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        TopicReader.write(kafka, "platform.accounts.erased", TENANT + ":acct:x", "{\"tenantId\":\"" + bad + "\"}");
        TopicReader.write(kafka, "platform.accounts.erased", "tenant-b:acct:" + account, json(Map.of("tenantId",
                "tenant-b", "accountId", account, "erasureId", UUID.randomUUID().toString())));
        await().atMost(Duration.ofSeconds(60)).until(() -> subjects.isErased("tenant-b", ErasedSubjects.Kind.ACCOUNT,
                account));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "worker.erasures.dlq").stream()
                .anyMatch(r -> r.value().contains(bad) && r.headers().lastHeader("dead-letter-reason") != null));
        // the other tenant's account of the same id is not suppressed
        assertEquals(false, subjects.isErased(TENANT, ErasedSubjects.Kind.ACCOUNT, account));
    }

    private boolean confirmed(WorkerErasure notice, String text) {
        return TopicReader.readAll(kafka, "worker.erasures.confirmed").stream()
                .anyMatch(r -> r.value().contains(notice.erasureId().toString()) && r.value().contains(text));
    }

    private long rows(String table, String column, String value) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from " + table + " where tenant_id = ?1 and " + column + " = ?2")
                .setParameter(1, TENANT).setParameter(2, value).getSingleResult()).longValue());
    }

    private static Map<String, Object> vpnLogin(String account, String worker) {
        Map<String, Object> event = new HashMap<>();
        event.put("eventId", "e-" + UUID.randomUUID());
        event.put("type", "LOGIN");
        event.put("accountId", account);
        if (worker != null) {
            event.put("workerId", worker);
        }
        event.put("occurredAt", "2026-11-20T10:00:00Z");
        event.put("ip", "203.0.113.5"); // a VPN range of the test Anonymous-IP database: PL-08
        return event;
    }

    private static String json(Object value) {
        try {
            return ContractJson.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
