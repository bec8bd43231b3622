package dev.firebreak.aggregator.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Stores signals and observations exactly once: inserting an id that is already there changes nothing, so
 * at-least-once delivery from Kafka has an exactly-once effect.
 */
@ApplicationScoped
public class EvidenceStore {

    private final EntityManager em;

    public EvidenceStore(EntityManager em) {
        this.em = em;
    }

    /** @return true if the signal was new */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean store(StoredSignal s) {
        return em.createNativeQuery("""
                        insert into signal (signal_id, group_id, tenant_id, worker_id, account_id, party_id, code, severity,
                                            confidence, observed_at, expires_at, source, detector, evidence, received_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                        on conflict (signal_id) do nothing""")
                .setParameter(1, s.signalId).setParameter(2, s.groupId).setParameter(3, s.tenantId)
                .setParameter(4, s.workerId).setParameter(5, s.accountId).setParameter(6, s.partyId)
                .setParameter(7, s.code).setParameter(8, s.severity).setParameter(9, s.confidence)
                .setParameter(10, s.observedAt).setParameter(11, s.expiresAt).setParameter(12, s.source)
                .setParameter(13, s.detector).setParameter(14, s.evidence).setParameter(15, s.receivedAt)
                .executeUpdate() == 1;
    }

    /** @return true if the observation was new */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean store(StoredObservation o) {
        return em.createNativeQuery("""
                        insert into observation (observation_id, tenant_id, worker_id, account_id, party_id, type, value,
                                                 observed_at, source, received_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                        on conflict (observation_id) do nothing""")
                .setParameter(1, o.observationId).setParameter(2, o.tenantId).setParameter(3, o.workerId)
                .setParameter(4, o.accountId).setParameter(5, o.partyId).setParameter(6, o.type)
                .setParameter(7, o.value).setParameter(8, o.observedAt).setParameter(9, o.source)
                .setParameter(10, o.receivedAt)
                .executeUpdate() == 1;
    }
}
