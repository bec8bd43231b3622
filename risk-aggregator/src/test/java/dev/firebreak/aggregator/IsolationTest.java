package dev.firebreak.aggregator;

import dev.firebreak.aggregator.evidence.EvidenceStore;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.kit.messaging.RecordIsolation;
import dev.firebreak.localstack.testing.LocalInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumers' net under their validation, on real PostgreSQL: rows the database refuses (a value longer than its
 * column, a U+0000 PostgreSQL cannot store) are handed back one by one while every other row of the batch commits.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class IsolationTest {

    @Inject
    EvidenceStore store;

    @Inject
    EntityManager em;

    @Test
    void theRowsTheDatabaseRefusesAreHandedBackAndTheBatchCommits() {
        String tenant = "tenant-iso-" + UUID.randomUUID();
        List<StoredObservation> batch = List.of(row(tenant, "v1:good-1"), row(tenant, "Z".repeat(301)),
                row(tenant, "v1:good-2"), row(tenant, "v1:a\u0000b"), row(tenant, "v1:good-3"));
        List<StoredObservation> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        RecordIsolation isolation = new RecordIsolation("entity.observations",
                work -> QuarkusTransaction.requiringNew().run(work), Duration.ofMillis(10), Duration.ofMillis(10));
        isolation.write(batch, store::storeObservations, (row, error) -> {
            refused.add(row);
            reasons.add(RecordIsolation.describe(error));
        });
        assertEquals(List.of(batch.get(1), batch.get(3)), refused);
        assertTrue(reasons.get(0).endsWith("SQLState 22001"), reasons.toString());
        assertTrue(reasons.get(1).contains("SQLState 22"), reasons.toString());
        @SuppressWarnings("unchecked")
        List<String> stored = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select value from observation where tenant_id = ?1 order by value").setParameter(1, tenant)
                .getResultList());
        assertEquals(List.of("v1:good-1", "v1:good-2", "v1:good-3"), stored);
    }

    private static StoredObservation row(String tenant, String value) {
        StoredObservation o = new StoredObservation();
        o.observationId = UUID.randomUUID();
        o.tenantId = tenant;
        o.workerId = "w-" + UUID.randomUUID();
        o.type = "DEVICE";
        o.value = value;
        o.source = "test";
        o.observedAt = Instant.parse("2026-11-20T10:00:00Z");
        o.receivedAt = Instant.now();
        return o;
    }

    @Test
    void everyStatementIsBoundedInTime() {
        String timeout = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery("show statement_timeout")
                .getSingleResult());
        assertEquals("30s", timeout);
    }
}
