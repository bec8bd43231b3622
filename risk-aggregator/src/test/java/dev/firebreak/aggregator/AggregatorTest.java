package dev.firebreak.aggregator;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import dev.firebreak.localstack.testing.OpenApiSnapshot;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertNull;
import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class AggregatorTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, never the API's. */
    @TestHTTPResource(value = "health", management = true)
    URL management;

    private static final String ANALYST = tenant("tenant-a", "HIRING_FIRM", "analyst");
    private static final String INGEST_ONLY = tenant("tenant-a", "HIRING_FIRM", "ingest");
    private static final String OTHER_TENANT = tenant("tenant-b", "EMI", "analyst");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void dprkSignalMakesTheWorkerCriticalWithEvidenceAndAdvisoryPassage() {
        String worker = worker();
        publish(signal(worker, "ID-10", Severity.CRITICAL, 1.0, "doc-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker, ANALYST) == 200);
        given().auth().oauth2(ANALYST).queryParam("asOf", T.toString()).when().get("/api/v1/workers/{id}/assessment", worker)
                .then().statusCode(200)
                .body("tier", equalTo("CRITICAL"))
                .body("score", equalTo(0.9f))
                .body("flags", hasSize(1))
                .body("flags[0].code", equalTo("ID-10"))
                .body("flags[0].title", equalTo("DPRK nexus in identity data"))
                .body("flags[0].evidence.field", equalTo("nationality"))
                .body("flags[0].advisoryPassage", containsString("non-DPRK nationals"))
                .body("flags[0].sources", hasItem("identity-service"))
                .body("recommendedActions.flag", hasItem("ID-10"))
                .body("recommendedActions.action", hasItem(containsString("OFSI – DPRK IT Workers Advisory – 0924")));
    }

    @Test
    void aDuplicateSignalChangesNothing() {
        String worker = worker();
        String signal = signal(worker, "PL-08", Severity.MEDIUM, 0.9, "login-1");
        publish(signal);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker, ANALYST) == 200);
        publish(signal);
        String marker = worker();
        publish(signal(marker, "PL-08", Severity.MEDIUM, 0.9, "login-2"));
        // same partition order is not guaranteed across keys; wait for the later marker, then some slack
        await().atMost(Duration.ofSeconds(30)).until(() -> status(marker, ANALYST) == 200);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        given().auth().oauth2(ANALYST).when().get("/api/v1/workers/{id}/assessment", worker)
                .then().statusCode(200).body("tier", equalTo("MONITOR"))
                .body("flags", hasSize(1)).body("flags[0].occurrences", equalTo(1));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String poisonKey = "tenant-a:" + worker();
        TopicReader.write(kafka, "risk.signals", poisonKey, "{ this is not json");
        String unknownCode = signal(worker(), "ZZ-99", Severity.HIGH, 0.9, "x");
        TopicReader.write(kafka, "risk.signals", "tenant-a:unknown", unknownCode);
        String worker = worker();
        publish(signal(worker, "PM-07", Severity.MEDIUM, 0.9, "transfer-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker, ANALYST) == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "risk.signals.dlq").stream()
                .anyMatch(r -> poisonKey.equals(r.key())));
        var dead = TopicReader.readAll(kafka, "risk.signals.dlq").stream().filter(r -> poisonKey.equals(r.key()))
                .findFirst().orElseThrow();
        Header reason = dead.headers().lastHeader("dead-letter-reason");
        assertTrue(reason != null && !new String(reason.value(), StandardCharsets.UTF_8).isBlank());
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "risk.signals.dlq").stream()
                .anyMatch(r -> "tenant-a:unknown".equals(r.key())));
    }

    @Test
    void aMessageBeyondTheLimitsIsDeadLetteredWithItsReasonAndNoTenantStops() {
        Subject longValued = Subject.account("acct-" + UUID.randomUUID());
        // the report of issue 24: a 301-character time zone stopped the channel for every tenant
        String tooLong = observation("tenant-x", longValued, IdentifierType.DECLARED_TIMEZONE, "Z".repeat(301));
        Subject nul = Subject.worker(worker());
        String withNul = observation("tenant-x", nul, IdentifierType.DEVICE, "v1:a\u0000b");
        Subject future = Subject.worker(worker());
        String farFuture = json(new EntityObservation(1, UUID.randomUUID(), "tenant-x", future, IdentifierType.DEVICE,
                "v1:f", Instant.parse("+200000-01-01T00:00:00Z"), "platform-signals-service"));
        Subject claimed = Subject.worker(worker());
        String claimingAnother = observation("tenant-x", claimed, IdentifierType.DEVICE, "v1:c");
        String overlongId = signal(Subject.worker("w".repeat(101)), "PL-08", Severity.MEDIUM, 0.9, "long-id");
        // one poll holds the bad records and good ones of another tenant
        TopicReader.write(kafka, "entity.observations", Map.of(), List.of(
                new String[] {"tenant-x:acct:" + longValued.accountId(), tooLong},
                new String[] {"tenant-x:" + nul.workerId(), withNul},
                new String[] {"tenant-x:" + future.workerId(), farFuture},
                new String[] {"tenant-a:" + claimed.workerId(), claimingAnother}));
        TopicReader.write(kafka, "risk.signals", "tenant-a:" + "w".repeat(101), overlongId);
        String worker = worker();
        observe(Subject.worker(worker), IdentifierType.EMAIL, "v1:" + worker);
        publish(signal(worker, "PL-08", Severity.MEDIUM, 0.9, "after-poison"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker, ANALYST) == 200);
        Map<String, String> reasons = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (String topic : List.of("entity.observations.dlq", "risk.signals.dlq")) {
                TopicReader.readAll(kafka, topic).forEach(r -> reasons.put(r.key(), new String(
                        r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)));
            }
            return reasons.keySet().containsAll(List.of("tenant-x:acct:" + longValued.accountId(),
                    "tenant-x:" + nul.workerId(), "tenant-x:" + future.workerId(), "tenant-a:" + claimed.workerId(),
                    "tenant-a:" + "w".repeat(101)));
        });
        assertTrue(reasons.get("tenant-x:acct:" + longValued.accountId()).contains("value has 301 characters"),
                reasons.toString());
        assertTrue(reasons.get("tenant-x:" + nul.workerId()).contains("control character"), reasons.toString());
        assertTrue(reasons.get("tenant-x:" + future.workerId()).contains("observedAt"), reasons.toString());
        assertTrue(reasons.get("tenant-a:" + claimed.workerId()).contains("key"), reasons.toString());
        assertTrue(reasons.get("tenant-a:" + "w".repeat(101)).contains("subject.workerId has 101 characters"),
                reasons.toString());
        given().auth().oauth2(ANALYST).when().get("/api/v1/workers/{id}/assessment", worker)
                .then().statusCode(200).body("tier", equalTo("MONITOR"));
        given().auth().oauth2(tenant("tenant-x", "HIRING_FIRM", "analyst"))
                .when().get("/api/v1/workers/{id}/assessment", nul.workerId()).then().statusCode(404);
        given().port(management.getPort()).when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aSignalOfAnAbortedTransactionNeverCounts() throws Exception {
        // the platform's topology writes with exactly-once transactions; what it aborts must never be read
        String aborted = worker();
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka);
        props.put("transactional.id", "aggregator-test-" + UUID.randomUUID());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (var producer = new KafkaProducer<String, String>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            String signal = signal(aborted, "ID-10", Severity.CRITICAL, 1.0, "aborted");
            producer.send(new ProducerRecord<>("risk.signals",
                    read(signal, RiskSignal.class).messageKey(), signal)).get();
            producer.flush();
            producer.abortTransaction();
        }
        String marker = worker();
        publish(signal(marker, "PL-08", Severity.MEDIUM, 0.9, "after-abort"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(marker, ANALYST) == 200);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        assertTrue(status(aborted, ANALYST) == 404, "the aborted signal was stored");
    }

    @Test
    void aWorkerKnownOnlyByObservationsIsClear() {
        String worker = worker();
        Subject subject = Subject.worker(worker);
        EntityObservation observation = new EntityObservation(1,
                MessageIds.observationId("tenant-a", subject, IdentifierType.DOCUMENT, "v1:abc", "d"), "tenant-a",
                subject, IdentifierType.DOCUMENT, "v1:abc", T, "identity-service");
        TopicReader.write(kafka, "entity.observations", observation.messageKey(), json(observation));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker, ANALYST) == 200);
        given().auth().oauth2(ANALYST).when().get("/api/v1/workers/{id}/assessment", worker)
                .then().body("tier", equalTo("CLEAR")).body("flags", hasSize(0)).body("score", equalTo(0.0f));
    }

    @Test
    void signalsAboutAPaymentPartyAndAPlatformAccountCountForTheWorkerTheyBelongTo() {
        String worker = worker();
        String party = "party-" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        publish(signal(Subject.party(party), "PM-09", Severity.HIGH, 0.85, "fan-1"));
        publish(signal(Subject.account(account), "PL-08", Severity.MEDIUM, 0.9, "login-7"));
        observe(Subject.worker(worker), IdentifierType.PAYMENT_PARTY, party);
        observe(Subject.worker(worker), IdentifierType.PLATFORM_ACCOUNT, account);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker, ANALYST) == 200
                && given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).path("flags.size()")
                .equals(2));
        given().auth().oauth2(ANALYST).when().get("/api/v1/workers/{id}/assessment", worker)
                .then().body("tier", equalTo("HIGH_RISK")).body("flags.code", hasItems("PM-09", "PL-08"));
        // another worker of the same tenant does not get them
        String other = worker();
        observe(Subject.worker(other), IdentifierType.DEVICE, "v1:unrelated");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(other, ANALYST) == 200);
        given().auth().oauth2(ANALYST).when().get("/api/v1/workers/{id}/assessment", other)
                .then().body("tier", equalTo("CLEAR"));
    }

    @Test
    void asOfBeforeTheSignalShowsTheEarlierState() {
        String worker = worker();
        publish(signal(worker, "ID-10", Severity.CRITICAL, 1.0, "doc-9"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker, ANALYST) == 200);
        given().auth().oauth2(ANALYST).queryParam("asOf", "2026-11-19T00:00:00Z")
                .when().get("/api/v1/workers/{id}/assessment", worker)
                .then().statusCode(404);
        given().auth().oauth2(ANALYST).queryParam("asOf", "yesterday")
                .when().get("/api/v1/workers/{id}/assessment", worker)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("asOf"));
    }

    @Test
    void tenantsAndRolesAreEnforced() {
        String worker = worker();
        publish(signal(worker, "ID-10", Severity.CRITICAL, 1.0, "doc-2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(worker, ANALYST) == 200);
        given().when().get("/api/v1/workers/{id}/assessment", worker)
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(INGEST_ONLY).when().get("/api/v1/workers/{id}/assessment", worker)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(OTHER_TENANT).when().get("/api/v1/workers/{id}/assessment", worker)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ANALYST).when().get("/api/v1/workers/{id}/assessment", "bad id!")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static int status(String worker, String token) {
        return given().auth().oauth2(token).when().get("/api/v1/workers/{id}/assessment", worker).statusCode();
    }

    private void publish(String signalJson) {
        TopicReader.write(kafka, "risk.signals", read(signalJson, RiskSignal.class).messageKey(), signalJson);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return ContractJson.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String worker() {
        return "w-" + UUID.randomUUID();
    }

    private void observe(Subject subject, IdentifierType type, String value) {
        EntityObservation observation = new EntityObservation(1,
                MessageIds.observationId("tenant-a", subject, type, value, "test"), "tenant-a", subject, type, value, T,
                "payments-service");
        TopicReader.write(kafka, "entity.observations", observation.messageKey(), json(observation));
    }

    private static String observation(String tenant, Subject subject, IdentifierType type, String value) {
        return json(new EntityObservation(1, UUID.randomUUID(), tenant, subject, type, value, T,
                "platform-signals-service"));
    }

    private static String signal(String worker, String code, Severity severity, double confidence, String eventId) {
        return signal(Subject.worker(worker), code, severity, confidence, eventId);
    }

    private static String signal(Subject subject, String code, Severity severity, double confidence, String eventId) {
        return json(new RiskSignal(1, MessageIds.signalId("tenant-a", code, subject, "test", List.of(eventId)), null,
                "tenant-a", subject, code, severity, confidence, T, null, "identity-service", "test",
                Map.of("field", "nationality", "value", "PRK"), List.of()));
    }

    private static String json(Object message) {
        return Messages.json(message);
    }

    @Test
    void theServedOpenApiDocumentIsTheCommittedOne() {
        assertNull(OpenApiSnapshot.compare("http://localhost:" + management.getPort() + "/q/openapi"));
    }
}
