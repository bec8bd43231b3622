package dev.firebreak.aggregator;

import dev.firebreak.aggregator.assessment.TimeSweep;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.kit.persistence.Timestamps;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Time alone changes a stored state: an expired signal stops counting, so the worker's tier falls in the worker list
 * and on {@code risk.assessments} without any new evidence (the sweep runs every second in tests); old states are
 * re-checked oldest first and confirmed as of the re-check.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class TimeSweepTest {

    private static final String TENANT = "tenant-sweep";
    private static final String ANALYST = tenant(TENANT, "PLATFORM", "analyst");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    EntityManager em;

    @Inject
    TimeSweep sweep;

    @Test
    void anExpiredSignalLowersTheStoredTierAndTheChangeIsAnnounced() {
        String worker = "w-" + UUID.randomUUID();
        String owner = "w-" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        Instant now = Instant.now();
        Instant expires = now.plusSeconds(8);
        // two HIGH codes: HIGH_RISK; one of them expires. The second worker's expiring one is on its platform account
        signal(Subject.worker(worker), "ID-07", now.minusSeconds(60), null, "doc");
        signal(Subject.worker(worker), "PM-01", now.minusSeconds(60), expires, "payout");
        Messages.observe(kafka, TENANT, Subject.worker(owner), IdentifierType.PLATFORM_ACCOUNT, account,
                "platform-signals-service", now.minusSeconds(120));
        signal(Subject.worker(owner), "ID-07", now.minusSeconds(60), null, "doc");
        signal(Subject.account(account), "PM-03", now.minusSeconds(60), expires, "shared-account");

        await().atMost(Duration.ofSeconds(30)).until(() -> "HIGH_RISK".equals(storedTier(worker))
                && "HIGH_RISK".equals(storedTier(owner)));
        assertTrue(Instant.now().isBefore(expires), "the stored state was HIGH_RISK before the expiry");

        // no new evidence: the sweep finds the expiry, the refresher lowers the stored tier and announces it
        await().atMost(Duration.ofSeconds(30)).until(() -> "ENHANCED_DUE_DILIGENCE".equals(storedTier(worker))
                && "ENHANCED_DUE_DILIGENCE".equals(storedTier(owner)));
        for (String w : List.of(worker, owner)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "risk.assessments").stream()
                    .anyMatch(r -> r.value().contains(w) && r.value().contains("\"previousTier\":\"HIGH_RISK\"")
                            && r.value().contains("\"tier\":\"ENHANCED_DUE_DILIGENCE\"")));
            given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", w).then().statusCode(200)
                    .body("history.detail", hasItem(Matchers.startsWith("HIGH_RISK → ENHANCED_DUE_DILIGENCE")));
        }
        // a pass over a window already swept queues nothing
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> sweep.expired(now)));
    }

    /**
     * A withdrawn signal (the producer no longer finds it: a re-screen, a contradicting date of birth) stops counting
     * from its withdrawal: the tier falls and the change is announced; replaying the signal or its withdrawal changes
     * nothing, and a withdrawal never moves an expiry later.
     */
    @Test
    void aWithdrawnSignalStopsCountingAndReplaysChangeNothing() {
        String worker = "w-" + UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(60);
        Messages.signal(kafka, TENANT, Subject.worker(worker), "ID-09", Severity.CRITICAL, 0.92, at, "screened");
        signal(Subject.worker(worker), "PL-08", at, null, "vpn");
        await().atMost(Duration.ofSeconds(30)).until(() -> "CRITICAL".equals(storedTier(worker)));

        Messages.withdraw(kafka, TENANT, Subject.worker(worker), "ID-09", Severity.CRITICAL, 0.92, at, "screened",
                Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> "MONITOR".equals(storedTier(worker)));
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka, "risk.assessments").stream()
                .anyMatch(r -> r.value().contains(worker) && r.value().contains("\"previousTier\":\"CRITICAL\"")
                        && r.value().contains("\"tier\":\"MONITOR\"")));
        given().auth().oauth2(ANALYST).get("/api/v1/workers/{id}/assessment", worker).then().statusCode(200)
                .body("tier", Matchers.equalTo("MONITOR"));
        Instant withdrawnAt = expiry(worker, "ID-09");

        // the signal again, the withdrawal again, and a later "withdrawal": the expiry and the tier stay
        Messages.signal(kafka, TENANT, Subject.worker(worker), "ID-09", Severity.CRITICAL, 0.92, at, "screened");
        Messages.withdraw(kafka, TENANT, Subject.worker(worker), "ID-09", Severity.CRITICAL, 0.92, at, "screened",
                withdrawnAt.plusSeconds(3600));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() ->
                withdrawnAt.equals(expiry(worker, "ID-09")) && "MONITOR".equals(storedTier(worker)));

        // another tenant's message carrying this signal's id cannot withdraw it
        String other = "w-" + UUID.randomUUID();
        Messages.signal(kafka, TENANT, Subject.worker(other), "ID-09", Severity.CRITICAL, 0.92, at, "other-screened");
        await().atMost(Duration.ofSeconds(30)).until(() -> "CRITICAL".equals(storedTier(other)));
        RiskSignal stored = new RiskSignal(1, MessageIds.signalId(TENANT, "ID-09", Subject.worker(other), "test",
                List.of("other-screened")), null, "tenant-intruder", Subject.worker(other), "ID-09", Severity.CRITICAL,
                0.92, at, null, "test-service", "test", Map.of("explanation", "forged"), List.of())
                .withdrawn(Instant.now(), "forged");
        TopicReader.write(kafka, "risk.signals", stored.messageKey(), Messages.json(stored));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() ->
                "CRITICAL".equals(storedTier(other)));
    }

    private Instant expiry(String worker, String code) {
        return QuarkusTransaction.requiringNew().call(() -> Timestamps.instant(em.createNativeQuery(
                        "select expires_at from signal where tenant_id = ?1 and worker_id = ?2 and code = ?3")
                .setParameter(1, TENANT).setParameter(2, worker).setParameter(3, code).getSingleResult()));
    }

    @Test
    void theOldestStoredStatesAreRecheckedAndConfirmedAsOfTheRecheck() {
        String worker = "w-" + UUID.randomUUID();
        signal(Subject.worker(worker), "PL-08", Instant.now().minusSeconds(60), null, "vpn");
        await().atMost(Duration.ofSeconds(30)).until(() -> storedTier(worker) != null);
        Instant before = storedAsOf(worker);

        int queued = QuarkusTransaction.requiringNew().call(() -> sweep.restate(Instant.now().plusSeconds(1), 100_000));
        assertTrue(queued >= 1, "queued " + queued);
        // unchanged by the re-check: same tier, confirmed later
        await().atMost(Duration.ofSeconds(30)).until(() -> storedAsOf(worker).isAfter(before));
        assertEquals("MONITOR", storedTier(worker));
    }

    private String storedTier(String worker) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select tier from assessment_state where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, TENANT).setParameter(2, worker).getResultList());
        return rows.isEmpty() ? null : (String) rows.getFirst();
    }

    private Instant storedAsOf(String worker) {
        return QuarkusTransaction.requiringNew().call(() -> Timestamps.instant(em.createNativeQuery(
                        "select as_of from assessment_state where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, TENANT).setParameter(2, worker).getSingleResult()));
    }

    private void signal(Subject subject, String code, Instant at, Instant expiresAt, String eventId) {
        Messages.signal(kafka, TENANT, subject, code, code.equals("PL-08") ? Severity.MEDIUM : Severity.HIGH, 0.9, at,
                expiresAt, eventId);
    }
}
