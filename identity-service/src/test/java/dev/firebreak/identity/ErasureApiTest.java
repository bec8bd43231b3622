package dev.firebreak.identity;

import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.ErasureConfirmation;
import dev.firebreak.contract.WorkerErasure;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * identity-service's part of an erasure (issue 29): its own DELETE for a deployment that runs it alone, and
 * worker.erasures from the aggregator; either way the worker's documents, profiles, attestations and shipping requests
 * go, another worker's stay, data about the worker is refused from then on (410), and a notice it cannot read or
 * trust is dead-lettered with its reason while the next one is applied.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class ErasureApiTest {

    private final String tenantId = "tenant-" + UUID.randomUUID();
    private final String ingest = tenant(tenantId, "HIRING_FIRM", "ingest", "analyst");
    private final String admin = tenant(tenantId, "HIRING_FIRM", "admin");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    ErasedSubjects subjects;

    @Inject
    EntityManager em;

    @Test
    void theServicesOwnDeleteErasesTheWorkerAndRefusesItsDataFromThenOn() {
        String worker = Fixtures.worker();
        String other = Fixtures.worker();
        hold(worker);
        hold(other);
        // subject access: what is held, item by item, each with its purpose; only to the tenant's admin
        given().auth().oauth2(admin).get("/api/v1/workers/{id}/export", worker).then().statusCode(200)
                .body("service", equalTo("identity-service"))
                .body("items.kind", hasItems("documents", "profiles", "attestations", "shippingRequests"))
                .body("items.find { it.kind == 'profiles' }.records[0].fullName", equalTo("Eleanor Hartley"))
                .body("items.find { it.kind == 'profiles' }.records[0].email", equalTo("held as a keyed hash"))
                .body("items.find { it.kind == 'documents' }.purpose", containsString("sanctions screening"));
        given().auth().oauth2(ingest).get("/api/v1/workers/{id}/export", worker).then().statusCode(403);
        given().auth().oauth2(tenant("tenant-" + UUID.randomUUID(), "HIRING_FIRM", "admin"))
                .get("/api/v1/workers/{id}/export", worker).then().statusCode(404);
        given().auth().oauth2(ingest).delete("/api/v1/workers/{id}", worker).then().statusCode(403);
        given().auth().oauth2(admin).delete("/api/v1/workers/{id}", "bad id!").then().statusCode(400);
        given().auth().oauth2(admin).delete("/api/v1/workers/{id}", worker).then().statusCode(200)
                .body("erased.documents", equalTo(1)).body("erased.profiles", equalTo(1))
                .body("erased.attestations", equalTo(1)).body("erased.shippingRequests", equalTo(1));
        given().auth().oauth2(ingest).get("/api/v1/workers/{id}/identity", worker).then().statusCode(404);
        given().auth().oauth2(admin).get("/api/v1/workers/{id}/export", worker).then().statusCode(404);
        given().auth().oauth2(ingest).get("/api/v1/workers/{id}/identity", other).then().statusCode(200);
        // from then on, data about it is refused, whatever the endpoint, and nothing is stored
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(profile(worker)).post("/api/v1/profiles")
                .then().statusCode(410).contentType("application/problem+json").body("title", equalTo("Gone"));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Fixtures.document(worker, Fixtures.GBR_PASSPORT))
                .post("/api/v1/documents").then().statusCode(410);
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(attestation(worker)).post("/api/v1/attestations")
                .then().statusCode(410);
        given().auth().oauth2(ingest).get("/api/v1/workers/{id}/identity", worker).then().statusCode(404);
        // another tenant's worker of the same id is another worker
        String elsewhere = tenant("tenant-" + UUID.randomUUID(), "HIRING_FIRM", "ingest");
        given().auth().oauth2(elsewhere).contentType(ContentType.JSON).body(profile(worker)).post("/api/v1/profiles")
                .then().statusCode(201);
    }

    @Test
    void aNoticeOnWorkerErasuresErasesConfirmsOnceAndBadNoticesAreDeadLettered() {
        String worker = Fixtures.worker();
        hold(worker);
        String bad = "bad-" + UUID.randomUUID();
        TopicReader.write(kafka, "worker.erasures", tenantId + ":x", "{\"erasure\":\"" + bad + "\"}");
        WorkerErasure forged = WorkerErasure.requested(UUID.randomUUID(), tenantId, worker, "v1:" + "0".repeat(64),
                Instant.now());
        TopicReader.write(kafka, "worker.erasures", forged.messageKey(), json(forged));
        WorkerErasure notice = WorkerErasure.requested(UUID.randomUUID(), tenantId, worker,
                subjects.workerHash(tenantId, worker), Instant.now());
        TopicReader.write(kafka, "worker.erasures", notice.messageKey(), json(notice));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(ingest)
                .get("/api/v1/workers/{id}/identity", worker).statusCode() == 404);
        await().atMost(Duration.ofSeconds(30)).until(() -> confirmations(notice.erasureId()).size() == 1);
        ErasureConfirmation confirmed = confirmations(notice.erasureId()).getFirst();
        assertEquals("identity-service", confirmed.service());
        assertEquals(tenantId, confirmed.tenantId());
        assertEquals(1, confirmed.erased().get("documents"));
        // the forged notice erased nothing and, like the unreadable one, is on the dead-letter topic with its reason
        List<ConsumerRecord<String, String>> dead = TopicReader.readAll(kafka, "worker.erasures.dlq");
        assertTrue(dead.stream().anyMatch(r -> r.value().contains(bad) && reason(r) != null), "unreadable notice");
        assertTrue(dead.stream().anyMatch(r -> r.value().contains(forged.erasureId().toString())
                && reason(r).contains("subjectHash")), "forged notice");
        // delivered again: nothing more is erased, and the confirmation keeps its id
        TopicReader.write(kafka, "worker.erasures", notice.messageKey(), json(notice));
        String marker = Fixtures.worker();
        WorkerErasure next = WorkerErasure.requested(UUID.randomUUID(), tenantId, marker,
                subjects.workerHash(tenantId, marker), Instant.now());
        TopicReader.write(kafka, "worker.erasures", next.messageKey(), json(next));
        await().atMost(Duration.ofSeconds(30)).until(() -> confirmations(next.erasureId()).size() == 1);
        assertTrue(confirmations(notice.erasureId()).stream().allMatch(c -> c.messageId().equals(confirmed.messageId())));
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(profile(worker)).post("/api/v1/profiles")
                .then().statusCode(410);
    }

    @Test
    void anErasureAnotherReplicaRecordedIsSeenWithinTheReloadPeriodEvenIfItCommittedLate() {
        String worker = Fixtures.worker();
        String earlier = Fixtures.worker();
        assertFalse(subjects.isErasedWorker(tenantId, worker)); // the copy is loaded, without either
        // another replica's records, as its transactions left them: one stamped a minute before it committed
        QuarkusTransaction.requiringNew().run(() -> {
            insert(subjects.workerHash(tenantId, earlier), Instant.now().minus(Duration.ofMinutes(1)));
            insert(subjects.workerHash(tenantId, worker), Instant.now());
        });
        await().atMost(ErasedSubjects.RELOAD.multipliedBy(3)).until(() -> subjects.isErasedWorker(tenantId, worker)
                && subjects.isErasedWorker(tenantId, earlier));
        assertFalse(subjects.isErasedWorker(tenantId, Fixtures.worker()));
    }

    /**
     * The race the suppression check exists for: a batch naming a worker whose erasure is under way waits for it, and
     * once it commits sees the worker erased (its read is a snapshot taken after the lock, not before).
     */
    @Test
    void aBatchRacingAnErasureWaitsForItAndThenSeesTheWorkerErased() throws Exception {
        String worker = Fixtures.worker();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> erasure = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                subjects.lockForErasure(tenantId, worker);
                subjects.record(tenantId, ErasedSubjects.Kind.WORKER, worker, UUID.randomUUID());
                locked.countDown();
                try {
                    assertTrue(release.await(20, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(locked.await(20, TimeUnit.SECONDS));
            Future<Boolean> batch = threads.submit(() -> QuarkusTransaction.requiringNew().call(() -> subjects
                    .holdBatch(tenantId, List.of(worker), List.of(), List.of()).erased(ErasedSubjects.Kind.WORKER, worker)));
            Thread.sleep(500);
            assertFalse(batch.isDone(), "the batch waits for the erasure under way");
            release.countDown();
            erasure.get(20, TimeUnit.SECONDS);
            assertTrue(batch.get(20, TimeUnit.SECONDS), "and, once it committed, sees the worker erased");
        } finally {
            threads.shutdownNow();
        }
    }

    private void insert(String hash, Instant erasedAt) {
        em.createNativeQuery("""
                        insert into erased_subject (subject_hash, tenant_id, kind, erasure_id, erased_at)
                        values (?1, ?2, 'WORKER', ?3, ?4)""")
                .setParameter(1, hash).setParameter(2, tenantId).setParameter(3, UUID.randomUUID())
                .setParameter(4, erasedAt).executeUpdate();
    }

    private void hold(String worker) {
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(Fixtures.document(worker, Fixtures.GBR_PASSPORT))
                .post("/api/v1/documents").then().statusCode(201);
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(profile(worker)).post("/api/v1/profiles")
                .then().statusCode(201);
        given().auth().oauth2(ingest).contentType(ContentType.JSON).body(attestation(worker)).post("/api/v1/attestations")
                .then().statusCode(201);
        given().auth().oauth2(ingest).contentType(ContentType.JSON)
                .body(Map.of("workerId", worker, "observedAt", "2026-11-12T09:00:00Z",
                        "address", Map.of("line1", "1 High Street", "city", "Leeds", "postcode", "LS1 1AA", "country", "GB")))
                .post("/api/v1/shipping-requests").then().statusCode(201);
        given().auth().oauth2(ingest).get("/api/v1/workers/{id}/identity", worker).then().statusCode(200);
    }

    private static Map<String, Object> profile(String worker) {
        return Map.of("workerId", worker, "source", "freelance-platform", "observedAt", "2026-11-01T09:00:00Z",
                "fullName", "Eleanor Hartley", "location", Map.of("country", "GB"), "email", "eleanor.h@example.org");
    }

    private static Map<String, Object> attestation(String worker) {
        return Map.of("workerId", worker, "kind", "CAMERA_REFUSED", "observedAt", "2026-11-11T09:00:00Z");
    }

    private List<ErasureConfirmation> confirmations(UUID erasureId) {
        return TopicReader.readAll(kafka, "worker.erasures.confirmed").stream()
                .filter(r -> r.value().contains(erasureId.toString())).map(r -> {
                    try {
                        return ContractJson.mapper().readValue(r.value(), ErasureConfirmation.class);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static String reason(ConsumerRecord<String, String> r) {
        var h = r.headers().lastHeader("dead-letter-reason");
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String json(Object message) {
        try {
            return ContractJson.mapper().writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
