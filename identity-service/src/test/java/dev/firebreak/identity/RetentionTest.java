package dev.firebreak.identity;

import dev.firebreak.kit.retention.Retention;
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
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retention job (issue 29), on identity-service's tables: what was received longer ago than the tenant's period
 * goes, in chunks, and nothing newer; a tenant with a shorter period of its own loses its rows sooner than the others.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class RetentionTest {

    /** Has profiles.retention 30d in the test profile; the deployment keeps profiles 1826 days. */
    private static final String SHORT = "tenant-short-retention";

    /** This run's rows (the test database may hold an earlier run's). */
    private final String source = "retention-" + UUID.randomUUID();

    @Inject
    Retention retention;

    @Inject
    EntityManager em;

    @Test
    void rowsPastTheTenantsPeriodGoInChunksAndNothingNewer() {
        String tenant = "tenant-" + UUID.randomUUID();
        Instant now = Instant.now();
        // 2,500 profiles received six years ago (three chunks of the test's 1,000), and a few of each other age
        profiles(tenant, 2_500, now.minus(Duration.ofDays(6 * 365)));
        profiles(tenant, 3, now.minus(Duration.ofDays(1800)));
        profiles(tenant, 3, now.minus(Duration.ofDays(40)));
        profiles(SHORT, 4, now.minus(Duration.ofDays(40)));
        profiles(SHORT, 5, now.minus(Duration.ofDays(10)));
        assertEquals(2_506, count(tenant));

        Map<String, Integer> deleted = retention.run(now);

        assertTrue(deleted.get("profile") >= 2_504, deleted.toString());
        assertEquals(6, count(tenant), "the deployment's five years: 1,800 and 40 days old stay");
        assertEquals(5, count(SHORT), "the tenant's own 30 days: the 40-day-old rows went, the 10-day-old stayed");
        // run again: nothing left to delete of these
        retention.run(now);
        assertEquals(6, count(tenant));
        assertEquals(5, count(SHORT));
    }

    private void profiles(String tenant, int n, Instant receivedAt) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into profile (tenant_id, worker_id, source, observed_at, full_name, received_at)
                        select ?1, 'w-' || gen_random_uuid(), ?4, ?2, 'Test Person', ?2
                        from generate_series(1, ?3)""")
                .setParameter(1, tenant).setParameter(2, receivedAt).setParameter(3, n).setParameter(4, source)
                .executeUpdate());
    }

    private long count(String tenant) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from profile where tenant_id = ?1 and source = ?2")
                .setParameter(1, tenant).setParameter(2, source).getSingleResult()).longValue());
    }
}
