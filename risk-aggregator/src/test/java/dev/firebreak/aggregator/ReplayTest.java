package dev.firebreak.aggregator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replaying every topic from the beginning into an empty database yields assessments identical field by field at
 * the same {@code asOf}: the evidence, links, clusters, derived flags and scores depend only on the messages, not on
 * when or in which order they were processed. (The audit {@code history} is this database's own record and is
 * left out of the comparison: a replay does not rewrite an audit trail.)
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class ReplayTest {

    private static final String TENANT = "tenant-replay";
    private static final String ANALYST = tenant(TENANT, "EMI", "analyst");
    private static final Instant T = Instant.parse("2026-11-18T08:00:00Z");
    private static final String AS_OF = "2026-11-24T00:00:00Z";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    EntityManager em;

    @Test
    void replayingEveryTopicIntoAnEmptyDatabaseGivesIdenticalAssessments() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String enabler = "enabler-" + run;
        String worker = "worker-" + run;
        String recruit = "recruit-" + run;
        String party = "party-" + run;
        String account = "acct-" + run;
        // the enabler: payments flags on its party, a sanctions corroboration, its account shared with the worker
        signal(Subject.party(party), "PM-11", Severity.HIGH, 0.85, T, "payout-1");
        signal(Subject.party(party), "PM-07", Severity.MEDIUM, 0.9, T.plusSeconds(60), "transfer-1");
        observe(Subject.worker(enabler), IdentifierType.PAYMENT_PARTY, party, "payments-service", T);
        observe(Subject.party(party), IdentifierType.PAYMENT_ACCOUNT, "v1:acct-" + run, "payments-service", T);
        // the worker: platform behaviour on its account, a device and an account shared with the enabler
        observe(Subject.worker(worker), IdentifierType.PLATFORM_ACCOUNT, account, "platform-signals-service", T);
        signal(Subject.account(account), "PL-08", Severity.MEDIUM, 0.8, T.plusSeconds(120), "login-1");
        observe(Subject.worker(worker), IdentifierType.PAYMENT_ACCOUNT, "v1:acct-" + run, "payments-service", T.plusSeconds(5));
        observe(Subject.worker(worker), IdentifierType.DOCUMENT_COUNTRY, "GB", "identity-service", T);
        observe(Subject.account(account), IdentifierType.LOGIN_COUNTRY, "CN", "platform-signals-service", T.plusSeconds(7));
        observe(Subject.worker(worker), IdentifierType.DECLARED_COUNTRY, "GB", "identity-service", T);
        // a recruit referred by the worker's account, sharing its device
        observe(Subject.worker(recruit), IdentifierType.REFERRAL, account, "platform-signals-service", T.plusSeconds(300));
        observe(Subject.worker(recruit), IdentifierType.DEVICE, "v1:dev-" + run, "platform-signals-service", T.plusSeconds(300));
        observe(Subject.account(account), IdentifierType.DEVICE, "v1:dev-" + run, "platform-signals-service", T.plusSeconds(301));
        // evidence after asOf must not count
        signal(Subject.worker(recruit), "ID-10", Severity.CRITICAL, 1.0, Instant.parse("2026-11-30T00:00:00Z"), "doc-late");

        List<String> workers = List.of(enabler, worker, recruit);
        await().atMost(Duration.ofSeconds(60)).until(() -> workers.stream().allMatch(w -> status(w) == 200)
                && codes(worker).contains("NW-01") && codes(recruit).contains("NW-02"));
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        Map<String, JsonNode> before = assessments(workers);
        assertEquals("HIGH_RISK", before.get(enabler).path("tier").asText(), before.toString());
        assertTrue(before.get(worker).toString().contains("NW-01"), before.toString());

        // an empty database, then every message of both topics again, in topic order
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                truncate signal, observation, worker_identifier, identifier_holders, worker_cluster, assessment_state,
                         assessment_dirty, review, audit_entry, outbox""").executeUpdate());
        assertEquals(404, status(worker));
        List<ConsumerRecord<String, String>> all = new ArrayList<>(TopicReader.readAll(kafka, "entity.observations"));
        all.addAll(TopicReader.readAll(kafka, "risk.signals"));
        for (ConsumerRecord<String, String> r : all) {
            TopicReader.write(kafka, r.topic(), r.key(), r.value());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> workers.stream().allMatch(w -> status(w) == 200)
                && assessments(workers).equals(before));
        assertEquals(before, assessments(workers));
    }

    private Map<String, JsonNode> assessments(List<String> workers) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String w : workers) {
            String body = given().auth().oauth2(ANALYST).queryParam("asOf", AS_OF)
                    .get("/api/v1/workers/{id}/assessment", w).then().extract().asString();
            try {
                ObjectNode node = (ObjectNode) ContractJson.mapper().readTree(body);
                node.remove("history");
                out.put(w, node);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static List<String> codes(String worker) {
        return given().auth().oauth2(ANALYST).queryParam("asOf", AS_OF).get("/api/v1/workers/{id}/assessment", worker)
                .then().extract().jsonPath().getList("flags.code");
    }

    private static int status(String worker) {
        return given().auth().oauth2(ANALYST).queryParam("asOf", AS_OF).get("/api/v1/workers/{id}/assessment", worker)
                .statusCode();
    }

    private void signal(Subject subject, String code, Severity severity, double confidence, Instant at, String eventId) {
        Messages.signal(kafka, TENANT, subject, code, severity, confidence, at, eventId);
    }

    private void observe(Subject subject, IdentifierType type, String value, String source, Instant at) {
        Messages.observe(kafka, TENANT, subject, type, value, source, at);
    }
}
