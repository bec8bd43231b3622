package dev.firebreak.aggregator;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.ErasureConfirmation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.contract.WorkerErasure;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Erasure everywhere, the aggregator's part (issue 29): the request is recorded and published, the aggregator erases
 * and confirms its own part through Kafka, the erasure completes when every service confirmed and then leaves only
 * the worker's hash on worker.erasures; an erased worker stays erased whatever arrives; unreadable messages are
 * dead-lettered and the channels go on; an erasure not confirmed in time shows as incomplete and counts.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class ErasureTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, never the API's. */
    @TestHTTPResource(value = "health", management = true)
    URL management;

    private static final String TENANT = "tenant-erase";
    private static final String ANALYST = tenant(TENANT, "PLATFORM", "analyst");
    private static final String ADMIN = tenant(TENANT, "PLATFORM", "admin");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final List<String> OTHERS = List.of("identity-service", "platform-signals-service",
            "platform-signals-detectors", "payments-service");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    EntityManager em;

    @Inject
    ErasedSubjects subjects;

    @Test
    void anErasureIsRecordedPublishedConfirmedAndSettledToTheHashAlone() {
        String worker = worker();
        signal(Subject.worker(worker), "ID-08", "doc-" + worker);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker) == 200);

        var response = given().auth().oauth2(ADMIN).delete("/api/v1/workers/{id}", worker).then().statusCode(202)
                .body("status", equalTo("PENDING")).body("requestedBy", notNullValue())
                .body("erasedHere.signals", equalTo(1)).body("awaiting", hasItem("identity-service"))
                .extract();
        String id = response.path("erasureId");
        assertTrue(response.header("Location").endsWith("/api/v1/erasures/" + id));
        assertEquals(404, status(worker));

        // only the tenant's admin sees it; an id that is not one is a 400
        given().auth().oauth2(ANALYST).get("/api/v1/erasures/{id}", id).then().statusCode(403);
        given().auth().oauth2(tenant("tenant-other", "PLATFORM", "admin")).get("/api/v1/erasures/{id}", id).then()
                .statusCode(404);
        given().auth().oauth2(ADMIN).get("/api/v1/erasures/{id}", "not-an-id").then().statusCode(400);

        // the notice on worker.erasures: keyed by tenant and hash, naming the worker until settled
        String hash = subjects.workerHash(TENANT, worker);
        WorkerErasure notice = notices(hash).getFirst();
        assertEquals(worker, notice.workerId());
        assertEquals(UUID.fromString(id), notice.erasureId());

        // the aggregator confirms its own part through worker.erasures.confirmed, like every service
        await().atMost(Duration.ofSeconds(30)).until(() -> erasure(id).getList("confirmed.service")
                .contains("risk-aggregator"));
        assertEquals("PENDING", erasure(id).getString("status"));
        for (String service : OTHERS) {
            ErasureConfirmation c = ErasureConfirmation.of(UUID.fromString(id), TENANT, service, Instant.now(),
                    Map.of("rows", 3));
            TopicReader.write(kafka, "worker.erasures.confirmed", c.messageKey(), Messages.json(c));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETE".equals(erasure(id).getString("status")));
        JsonPath done = erasure(id);
        assertTrue(done.getList("awaiting").isEmpty());
        assertEquals(5, done.getList("confirmed").size());
        assertTrue(done.getString("completedAt") != null);

        // settled: the last message under the worker's key has the hash and no worker id
        await().atMost(Duration.ofSeconds(30)).until(() -> notices(hash).getLast().isSettled());
        WorkerErasure settled = notices(hash).getLast();
        assertNull(settled.workerId());
        assertEquals(hash, settled.subjectHash());
        assertFalse(lastRaw(hash).contains(worker), "the settled form holds no clear id");
    }

    @Test
    void anErasedWorkerAndTheAccountOnlyItHeldStayErasedWhateverArrives() {
        String worker = worker();
        String shared = worker();
        String account = "acct-" + UUID.randomUUID();
        String sharedAccount = "acct-" + UUID.randomUUID();
        observe(Subject.worker(worker), IdentifierType.PLATFORM_ACCOUNT, account);
        observe(Subject.worker(worker), IdentifierType.PLATFORM_ACCOUNT, sharedAccount);
        observe(Subject.worker(shared), IdentifierType.PLATFORM_ACCOUNT, sharedAccount);
        signal(Subject.account(account), "PL-08", "login-" + account);
        signal(Subject.account(sharedAccount), "PL-02", "login-" + sharedAccount);
        signal(Subject.worker(worker), "ID-08", "doc-" + worker);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("signal", "account_id", sharedAccount) == 1
                && count("signal", "account_id", account) == 1 && status(worker) == 200);

        given().auth().oauth2(ADMIN).delete("/api/v1/workers/{id}", worker).then().statusCode(202)
                .body("erasedHere.accounts", equalTo(1)).body("erasedHere.signals", equalTo(2));
        assertEquals(0, count("signal", "account_id", account));
        assertEquals(0, count("observation", "worker_id", worker));
        // the account the other worker also holds keeps its evidence, and the other worker its assessment
        assertEquals(1, count("signal", "account_id", sharedAccount));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(shared) == 200);
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", shared).then()
                .body("flags.code", hasItem("PL-02"));

        // a redelivery of the same messages, new evidence about the worker or its account: all dropped
        signal(Subject.account(account), "PL-08", "login-" + account);
        signal(Subject.worker(worker), "ID-08", "doc-" + worker);
        signal(Subject.worker(worker), "ID-07", "doc2-" + worker);
        observe(Subject.worker(worker), IdentifierType.EMAIL, "v1:email-" + worker);
        // a marker written after them, on the same partitions' consumers: once it is in, they were read
        String marker = worker();
        signal(Subject.worker(marker), "ID-08", "doc-" + marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(marker) == 200);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> status(worker) == 404);
        assertEquals(0, count("signal", "worker_id", worker));
        assertEquals(0, count("signal", "account_id", account));
        assertEquals(0, count("observation", "worker_id", worker));
        given().auth().oauth2(ANALYST).get("/api/v1/workers").then().statusCode(200)
                .body("workerId", not(hasItem(worker)));
    }

    @Test
    void messagesThatAreNotErasuresOrConfirmationsAreDeadLetteredAndTheChannelsGoOn() {
        String bad = "bad-" + UUID.randomUUID();
        TopicReader.write(kafka, "worker.erasures", TENANT + ":x", "{\"not\":\"" + bad + "\"}");
        TopicReader.write(kafka, "worker.erasures.confirmed", TENANT + ":y", "{\"also-not\":\"" + bad + "\"}");
        // a confirmation of an erasure nobody asked, and a notice whose hash is not this deployment's
        ErasureConfirmation stray = ErasureConfirmation.of(UUID.randomUUID(), TENANT, "identity-service", Instant.now(),
                Map.of());
        TopicReader.write(kafka, "worker.erasures.confirmed", stray.messageKey(), Messages.json(stray));
        WorkerErasure forged = WorkerErasure.requested(UUID.randomUUID(), TENANT, "w-" + bad, "v1:" + "0".repeat(64),
                Instant.now());
        TopicReader.write(kafka, "worker.erasures", forged.messageKey(), Messages.json(forged));
        await().atMost(Duration.ofSeconds(30)).until(() -> dlq("worker.erasures.dlq", bad) && dlq("worker.erasures.dlq",
                forged.erasureId().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> dlq("worker.erasures.confirmed.dlq", bad)
                && dlq("worker.erasures.confirmed.dlq", stray.erasureId().toString()));
        // nobody was erased by the forged notice's worker name
        assertEquals(0L, ((Number) QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select count(*) from erasure where erasure_id = ?1").setParameter(1, forged.erasureId())
                .getSingleResult())).longValue());
        // and both channels go on: an erasure after them is confirmed by the aggregator
        String worker = worker();
        signal(Subject.worker(worker), "ID-08", "doc-" + worker);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker) == 200);
        String id = given().auth().oauth2(ADMIN).delete("/api/v1/workers/{id}", worker).then().statusCode(202)
                .extract().path("erasureId");
        await().atMost(Duration.ofSeconds(30)).until(() -> erasure(id).getList("confirmed.service")
                .contains("risk-aggregator"));
    }

    @Test
    void anErasureNotConfirmedByEveryServiceInTimeShowsIncompleteAndCounts() {
        String worker = worker();
        String id = given().auth().oauth2(ADMIN).delete("/api/v1/workers/{id}", worker).then().statusCode(202)
                .extract().path("erasureId");
        // no other service runs here: after the test profile's 20 s it is overdue
        await().atMost(Duration.ofSeconds(40)).until(() -> "INCOMPLETE".equals(erasure(id).getString("status")));
        assertTrue(erasure(id).getList("awaiting").contains("payments-service"));
        await().atMost(Duration.ofSeconds(10)).until(() -> incompleteGauge() >= 1);
    }

    @Test
    void theSubjectAccessExportNamesEveryServiceAndSaysWhichDidNotAnswer() {
        String worker = worker();
        signal(Subject.worker(worker), "ID-08", "doc-" + worker);
        observe(Subject.worker(worker), IdentifierType.EMAIL, "v1:email-" + worker);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker) == 200);
        // the stored assessment state is the refresher's, written shortly after the evidence
        await().atMost(Duration.ofSeconds(30)).until(() -> count("assessment_state", "worker_id", worker) == 1);
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/export", worker).then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/api/v1/workers/{id}/export", "bad id!").then().statusCode(400);
        // no other service runs here: they are named as not answering, and the export says it is incomplete
        JsonPath export = given().auth().oauth2(ADMIN).get("/api/v1/workers/{id}/export", worker).then()
                .statusCode(200).extract().jsonPath();
        assertFalse(export.getBoolean("complete"));
        assertEquals("HELD", export.getString("services.find { it.service == 'risk-aggregator' }.status"));
        assertEquals(List.of("UNAVAILABLE", "UNAVAILABLE", "UNAVAILABLE"),
                export.getList("services.findAll { it.service != 'risk-aggregator' }.status"));
        assertTrue(export.getList("services.find { it.service == 'risk-aggregator' }.items.kind")
                .containsAll(List.of("assessment", "signals", "observations")));
        String markdown = given().auth().oauth2(ADMIN).accept("text/markdown")
                .get("/api/v1/workers/{id}/export", worker).then().statusCode(200).extract().asString();
        assertTrue(markdown.contains("# What is held about worker " + worker) && markdown.contains("**Incomplete**")
                && markdown.contains("Purpose: "), markdown);
        // another tenant's admin: nothing of it
        given().auth().oauth2(tenant("tenant-other", "PLATFORM", "admin")).get("/api/v1/workers/{id}/export", worker)
                .then().statusCode(200).body("services.find { it.service == 'risk-aggregator' }.status",
                        equalTo("NOTHING_HELD"));
    }

    private double incompleteGauge() {
        String metrics = given().port(management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("firebreak_erasures_incomplete"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private boolean dlq(String topic, String text) {
        return TopicReader.readAll(kafka, topic).stream().anyMatch(r -> r.value() != null && r.value().contains(text));
    }

    private List<WorkerErasure> notices(String hash) {
        return TopicReader.readAll(kafka, "worker.erasures").stream()
                .filter(r -> (TENANT + ":" + hash).equals(r.key())).map(r -> {
                    try {
                        return ContractJson.mapper().readValue(r.value(), WorkerErasure.class);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private String lastRaw(String hash) {
        List<ConsumerRecord<String, String>> records = TopicReader.readAll(kafka, "worker.erasures").stream()
                .filter(r -> (TENANT + ":" + hash).equals(r.key())).toList();
        return records.getLast().value();
    }

    private static JsonPath erasure(String id) {
        return given().auth().oauth2(ADMIN).get("/api/v1/erasures/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private static int status(String worker) {
        return given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).statusCode();
    }

    private long count(String table, String column, String value) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from " + table + " where tenant_id = ?1 and " + column + " = ?2")
                .setParameter(1, TENANT).setParameter(2, value).getSingleResult()).longValue());
    }

    private static String worker() {
        return "w-" + UUID.randomUUID();
    }

    private void signal(Subject subject, String code, String eventId) {
        Messages.signal(kafka, TENANT, subject, code, Severity.HIGH, 0.9, T, eventId);
    }

    private void observe(Subject subject, IdentifierType type, String value) {
        Messages.observe(kafka, TENANT, subject, type, value, "platform-signals-service", T);
    }
}
