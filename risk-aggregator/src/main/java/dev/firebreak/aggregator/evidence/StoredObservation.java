package dev.firebreak.aggregator.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** An observation ("subject used identifier at time"), stored once per {@code observationId}. */
@Entity
@Table(name = "observation")
public class StoredObservation extends SubjectEvidence {

    @Id
    @Column(name = "observation_id")
    public UUID observationId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String value;

    public static boolean knowsWorker(String tenantId, String workerId) {
        return count("tenantId = ?1 and workerId = ?2", tenantId, workerId) > 0;
    }

    /**
     * The worker's observations of these types up to {@code asOf}: its own and those of the platform accounts and
     * payment parties tied to it, oldest first.
     */
    @SuppressWarnings("unchecked")
    public static List<StoredObservation> factsFor(String tenantId, String workerId, Collection<String> types,
                                                   Instant asOf) {
        return getEntityManager().createNativeQuery("""
                        select o.* from observation o where o.tenant_id = ?1 and o.worker_id = ?2
                          and o.type in (?3) and o.observed_at <= ?4
                        union all
                        select o.* from observation o where o.tenant_id = ?1 and o.worker_id is null and o.party_id in
                          (select l.value from observation l where l.tenant_id = ?1 and l.worker_id = ?2 and l.type = 'PAYMENT_PARTY')
                          and o.type in (?3) and o.observed_at <= ?4
                        union all
                        select o.* from observation o where o.tenant_id = ?1 and o.worker_id is null and o.account_id in
                          (select l.value from observation l where l.tenant_id = ?1 and l.worker_id = ?2 and l.type = 'PLATFORM_ACCOUNT')
                          and o.type in (?3) and o.observed_at <= ?4
                        order by observed_at, observation_id""", StoredObservation.class)
                .setParameter(1, tenantId).setParameter(2, workerId).setParameter(3, types).setParameter(4, asOf)
                .getResultList();
    }
}
