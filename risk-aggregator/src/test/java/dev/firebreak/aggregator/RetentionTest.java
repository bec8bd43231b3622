package dev.firebreak.aggregator;

import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.kit.retention.Retention;
import dev.firebreak.localstack.testing.LocalInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aggregator's retention (issue 29): evidence received longer ago than the tenant's period goes, and with it what
 * was derived from it alone. A link lives as long as an observation that supports it: a worker whose own sighting of
 * a shared device expired is no longer linked through it while the other holder keeps its row; when the account that
 * tied a worker to the device expires, that row goes too; a pair whose observations are recent stays linked.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class RetentionTest {

    private final String tenantId = "tenant-" + UUID.randomUUID();
    private final String analyst = tenant(tenantId, "PLATFORM", "analyst");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    Retention retention;

    @Inject
    EntityManager em;

    @Test
    void expiredObservationsTakeTheLinksTheyAloneSupportedAndTheLinkedWorkerIsReassessed() {
        String flagged = worker();
        String linked = worker();
        String account = "acct-" + UUID.randomUUID();
        String device = "v1:device-" + UUID.randomUUID();
        Messages.signal(kafka, tenantId, Subject.worker(flagged), "ID-07", Severity.HIGH, 0.9, T, "doc-forged");
        Messages.signal(kafka, tenantId, Subject.worker(flagged), "PM-01", Severity.HIGH, 0.9, T, "payout-1");
        observe(Subject.worker(flagged), IdentifierType.PLATFORM_ACCOUNT, account, "platform-signals-service");
        observe(Subject.account(account), IdentifierType.DEVICE, device, "platform-signals-service");
        observe(Subject.worker(linked), IdentifierType.DEVICE, device, "identity-service");
        // the ordinary case it must leave alone: two workers whose shared device was seen recently
        String keptA = worker();
        String keptB = worker();
        String keptDevice = "v1:device-" + UUID.randomUUID();
        observe(Subject.worker(keptA), IdentifierType.DEVICE, keptDevice, "identity-service");
        observe(Subject.worker(keptB), IdentifierType.DEVICE, keptDevice, "platform-signals-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> linkedTo(linked).equals(List.of(flagged))
                && linkedTo(keptA).equals(List.of(keptB)));
        assertTrue(codes(linked).contains("NW-01"));
        await().atMost(Duration.ofSeconds(30)).until(() -> listedCodes(linked).contains("NW-01"));
        assertEquals(2, holders(device));

        // the linked worker's own sighting of the device is past the signals' period (730 days)
        age("worker_id = ?2 and value = ?3", linked, device);
        retention.run(Instant.now());
        assertEquals(1, holders(device), "the flagged worker's sighting (through its account) still supports its row");
        assertEquals(List.of(flagged), holdersOf(device));
        // reassessed by the refresh queue, not at its next signal: its stored state (the worker list) loses NW-01
        await().atMost(Duration.ofSeconds(30)).until(() -> !listedCodes(linked).contains("NW-01"));
        assertEquals(List.of(), linkedTo(linked));
        assertTrue(!codes(linked).contains("NW-01"));

        // then the observation that tied the account to the flagged worker expires: the device is nobody's any more
        age("worker_id = ?2 and value = ?3", flagged, account);
        retention.run(Instant.now());
        assertEquals(0, holders(device));
        assertEquals(List.of(), holdersOf(device));
        // the recent pair is untouched
        assertEquals(2, holders(keptDevice));
        assertEquals(List.of(keptB), linkedTo(keptA));
    }

    private void observe(Subject subject, IdentifierType type, String value, String source) {
        Messages.observe(kafka, tenantId, subject, type, value, source, T);
    }

    private void age(String where, String a, String b) {
        int n = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "update observation set received_at = ?4 where tenant_id = ?1 and " + where)
                .setParameter(1, tenantId).setParameter(2, a).setParameter(3, b)
                .setParameter(4, Instant.now().minus(Duration.ofDays(800))).executeUpdate());
        assertEquals(1, n, "aged " + where);
    }

    private int holders(String value) {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select holders from identifier_holders where tenant_id = ?1 and value = ?2")
                .setParameter(1, tenantId).setParameter(2, value).getResultList());
        return rows.isEmpty() ? 0 : ((Number) rows.getFirst()).intValue();
    }

    @SuppressWarnings("unchecked")
    private List<String> holdersOf(String value) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select worker_id from worker_identifier where tenant_id = ?1 and value = ?2 order by worker_id")
                .setParameter(1, tenantId).setParameter(2, value).getResultList());
    }

    private List<String> linkedTo(String worker) {
        JsonPath a = assessment(worker);
        List<String> linked = a == null ? null : a.getList("network.linkedWorkers");
        return linked == null ? List.of() : linked;
    }

    /** The worker's codes in the worker list (the stored state the refresh writes); empty if not listed. */
    @SuppressWarnings("unchecked")
    private List<String> listedCodes(String worker) {
        List<java.util.Map<String, Object>> rows = given().auth().oauth2(analyst).get("/api/v1/workers").then()
                .statusCode(200).extract().path("findAll { it.workerId == '" + worker + "' }");
        return rows.isEmpty() ? List.of() : (List<String>) rows.getFirst().get("codes");
    }

    private List<String> codes(String worker) {
        JsonPath a = assessment(worker);
        return a == null ? List.of() : a.getList("flags.code");
    }

    private JsonPath assessment(String worker) {
        var response = given().auth().oauth2(analyst).get("/api/v1/workers/{id}/assessment", worker);
        return response.statusCode() == 200 ? response.jsonPath() : null;
    }

    private static String worker() {
        return "w-" + UUID.randomUUID();
    }
}
