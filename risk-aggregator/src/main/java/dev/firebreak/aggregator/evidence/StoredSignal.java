package dev.firebreak.aggregator.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A signal received from any service, stored once per {@code signalId}. */
@Entity
@Table(name = "signal")
public class StoredSignal extends SubjectEvidence {

    @Id
    @Column(name = "signal_id")
    public UUID signalId;

    @Column(name = "group_id")
    public UUID groupId;

    @Column(nullable = false)
    public String code;

    @Column(nullable = false)
    public String severity;

    @Column(nullable = false)
    public double confidence;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(nullable = false)
    public String detector;

    @Column(nullable = false, columnDefinition = "text")
    public String evidence;

    /**
     * The worker's signals: those about the worker, and those about the platform accounts and payment parties that
     * services told us are the worker's ({@code PLATFORM_ACCOUNT} and {@code PAYMENT_PARTY} observations). Indexed
     * lookups from the worker outwards: the cost follows the worker's own evidence.
     */
    @SuppressWarnings("unchecked")
    public static List<StoredSignal> forWorker(String tenantId, String workerId) {
        // three indexed lookups, not one OR that the planner can only answer by scanning the table
        return getEntityManager().createNativeQuery("""
                        select s.* from signal s where s.tenant_id = ?1 and s.worker_id = ?2
                        union all
                        select s.* from signal s where s.tenant_id = ?1 and s.worker_id is null and s.party_id in
                          (select o.value from observation o where o.tenant_id = ?1 and o.worker_id = ?2 and o.type = 'PAYMENT_PARTY')
                        union all
                        select s.* from signal s where s.tenant_id = ?1 and s.worker_id is null and s.account_id in
                          (select o.value from observation o where o.tenant_id = ?1 and o.worker_id = ?2 and o.type = 'PLATFORM_ACCOUNT')
                        order by observed_at, signal_id""", StoredSignal.class)
                .setParameter(1, tenantId).setParameter(2, workerId).getResultList();
    }
}
