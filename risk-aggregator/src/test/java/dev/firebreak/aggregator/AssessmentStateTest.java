package dev.firebreak.aggregator;

import dev.firebreak.aggregator.assessment.Assessment;
import dev.firebreak.aggregator.assessment.AssessmentService;
import dev.firebreak.aggregator.assessment.Evidence;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.localstack.testing.LocalInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refresher stores {@link AssessmentService#state}, the assessment without evidence, explanations and actions:
 * its tier, score, counted codes and tier without network flags must be those of the full assessment a GET computes,
 * for every kind of flag (signals on the worker and on its account, an expired one, a dismissed one, cross-service
 * disagreements merged with a signal of the same code, NW-01, NW-02) and at any {@code asOf}.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class AssessmentStateTest {

    private static final String TENANT = "tenant-state";
    private static final String ANALYST = tenant(TENANT, "PLATFORM", "analyst");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    EntityManager em;

    @Inject
    AssessmentService assessments;

    @Test
    void theStoredStateIsTheFullAssessmentsTierScoreAndCodesForEveryKindOfFlag() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String flagged = "flagged-" + run, linked = "linked-" + run, recruit = "recruit-" + run;
        String disagreeing = "disagreeing-" + run, expiring = "expiring-" + run, dismissed = "dismissed-" + run;
        String account = "acct-" + run, device = "v1:device-" + run;
        // HIGH_RISK on its own; its account's device is shared with the linked worker (NW-01), its account referred the
        // recruit (NW-02)
        signal(Subject.worker(flagged), "ID-07", Severity.HIGH, 0.9, T, null, "doc-forged");
        signal(Subject.worker(flagged), "PM-01", Severity.HIGH, 0.9, T, null, "payout-1");
        observe(Subject.worker(flagged), IdentifierType.PLATFORM_ACCOUNT, account, "platform-signals-service");
        signal(Subject.account(account), "PL-08", Severity.MEDIUM, 0.8, T, null, "login-vpn");
        observe(Subject.account(account), IdentifierType.DEVICE, device, "platform-signals-service");
        observe(Subject.worker(linked), IdentifierType.DEVICE, device, "identity-service");
        signal(Subject.worker(linked), "PL-16", Severity.INFO, 0.9, T, null, "bounty");
        observe(Subject.worker(recruit), IdentifierType.REFERRAL, account, "platform-signals-service");
        // two services disagree on the country, and a service raised the same code as a signal
        observe(Subject.worker(disagreeing), IdentifierType.DECLARED_COUNTRY, "GB", "identity-service");
        observe(Subject.worker(disagreeing), IdentifierType.LOGIN_COUNTRY, "CN", "platform-signals-service");
        signal(Subject.worker(disagreeing), "ID-03", Severity.MEDIUM, 0.7, T, null, "profile-1");
        // a signal that expires a day later, beside one that does not
        signal(Subject.worker(expiring), "PM-03", Severity.HIGH, 0.9, T, T.plus(Duration.ofDays(1)), "acct-shared");
        signal(Subject.worker(expiring), "PL-01", Severity.MEDIUM, 0.6, T, null, "travel");
        signal(Subject.worker(dismissed), "PL-08", Severity.MEDIUM, 0.9, T, null, "login-1");

        List<String> workers = List.of(flagged, linked, recruit, disagreeing, expiring, dismissed);
        await().atMost(Duration.ofSeconds(60)).until(() -> workers.stream().allMatch(w -> status(w) == 200)
                && codes(linked, Instant.now()).contains("NW-01") && codes(recruit, Instant.now()).contains("NW-02"));
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body(Map.of("action", "DISMISS", "code", "PL-08"))
                .post("/api/v1/workers/{id}/reviews", dismissed).then().statusCode(201);

        // the scenario reaches what it is meant to compare
        Instant now = Instant.now();
        assertTrue(codes(disagreeing, now).contains("ID-03"));
        assertTrue(codes(expiring, T.plus(Duration.ofHours(12))).contains("PM-03"));
        assertTrue(!codes(expiring, T.plus(Duration.ofDays(2))).contains("PM-03"));
        assertTrue(codes(dismissed, now).isEmpty());

        int compared = 0;
        for (Instant asOf : List.of(T.minusSeconds(1), T.plus(Duration.ofHours(12)), T.plus(Duration.ofDays(2)),
                T.plus(Duration.ofDays(400)), now)) {
            compared += compare(TENANT, workers, asOf);
        }
        // and every worker the other tests of this module left in the database, now
        compared += QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select tenant_id, worker_id from assessment_state").getResultList();
            int n = 0;
            for (Object[] row : rows) {
                n += compare((String) row[0], List.of((String) row[1]), now);
            }
            return n;
        });
        assertTrue(compared >= 4 * workers.size(), "compared " + compared);
    }

    /** Compares state and full assessment of each worker known at {@code asOf}; returns how many were compared. */
    private int compare(String tenantId, List<String> workers, Instant asOf) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int compared = 0;
            for (String worker : workers) {
                Evidence full = assessments.evidence(tenantId, asOf);
                Evidence lean = assessments.stateEvidence(tenantId, asOf); // as the refresher reads it
                AssessmentService.Assessed assessed;
                try {
                    assessed = assessments.assessWithBase(full, worker, null);
                } catch (ProblemException e) {
                    assertEquals(404, e.status());
                    ProblemException leanMissing = Assertions.assertThrows(ProblemException.class,
                            () -> assessments.state(lean, worker));
                    assertEquals(404, leanMissing.status());
                    continue;
                }
                AssessmentService.State state = assessments.state(lean, worker);
                Assessment a = assessed.assessment();
                String what = tenantId + "/" + worker + " at " + asOf;
                assertEquals(a.tier(), state.tier(), what);
                assertEquals(a.score(), state.score(), what);
                assertEquals(a.flags().stream().filter(Assessment.Flag::counted).map(Assessment.Flag::code).sorted().toList(),
                        state.codes(), what);
                assertEquals(assessed.baseTier(), state.baseTier(), what);
                compared++;
            }
            return compared;
        });
    }

    private List<String> codes(String worker, Instant asOf) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> codes = new ArrayList<>();
            assessments.assess(TENANT, worker, asOf, null).flags().stream().filter(Assessment.Flag::counted)
                    .forEach(f -> codes.add(f.code()));
            return codes;
        });
    }

    private int status(String worker) {
        return given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).statusCode();
    }

    private void signal(Subject subject, String code, Severity severity, double confidence, Instant at, Instant expiresAt,
                        String eventId) {
        Messages.signal(kafka, TENANT, subject, code, severity, confidence, at, expiresAt, eventId);
    }

    private void observe(Subject subject, IdentifierType type, String value, String source) {
        Messages.observe(kafka, TENANT, subject, type, value, source, T);
    }
}
