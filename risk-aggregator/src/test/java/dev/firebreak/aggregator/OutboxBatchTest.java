package dev.firebreak.aggregator;

import dev.firebreak.kit.outbox.Outbox;
import dev.firebreak.localstack.testing.LocalInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kit's multi-row outbox insert (the aggregator announces a refresh batch's changes with it): rows in the list's
 * order (the publishing order), a message id enqueued before or twice in the list is new once, nulls and JSON with
 * quotes and backslashes stored as given.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class OutboxBatchTest {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Test
    void messagesAreStoredInOrderAndEachIdIsNewOnce() {
        String tenant = "tenant-ob-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        String payload = "{\"explanation\":\"a \\\"quoted\\\" word, a back\\\\slash, {braces}, a comma\"}";
        boolean[] before = QuarkusTransaction.requiringNew().call(() -> outbox.enqueueAll(List.of(
                new Outbox.Pending(second, "risk.assessments", "k2", tenant, "w-2", "{}"))));
        assertArrayEquals(new boolean[] {true}, before);

        boolean[] isNew = QuarkusTransaction.requiringNew().call(() -> outbox.enqueueAll(List.of(
                new Outbox.Pending(third, "risk.assessments", "k3", tenant, null, payload),
                new Outbox.Pending(second, "risk.assessments", "k2", tenant, "w-2", "{}"),
                new Outbox.Pending(first, "risk.assessments", "k1", tenant, "w-1", "{\"n\":1}"),
                new Outbox.Pending(first, "risk.assessments", "k1", tenant, "w-1", "{\"n\":1}"))));
        assertArrayEquals(new boolean[] {true, false, true, false}, isNew);

        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select message_id, worker_id, payload from outbox where tenant_id = ?1 order by id")
                .setParameter(1, tenant).getResultList());
        assertEquals(List.of(second, third, first), rows.stream().map(r -> (UUID) r[0]).toList());
        assertEquals(null, rows.get(1)[1]);
        assertEquals(payload, rows.get(1)[2]);
        assertEquals("{\"n\":1}", rows.get(2)[2]);
    }
}
