package dev.firebreak.aggregator.evidence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.List;

/**
 * Stores signals and observations exactly once, a consumer batch per JDBC batch: inserting an id that is already
 * there changes nothing, so at-least-once delivery from Kafka has an exactly-once effect.
 */
@ApplicationScoped
public class EvidenceStore {

    private final EntityManager em;

    public EvidenceStore(EntityManager em) {
        this.em = em;
    }

    /** @return for each signal, in order, true if it was new */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean[] storeSignals(List<StoredSignal> signals) {
        return batch("""
                insert into signal (signal_id, group_id, tenant_id, worker_id, account_id, party_id, code, severity,
                                    confidence, observed_at, expires_at, source, detector, evidence, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (signal_id) do nothing""", signals.size(), (insert, i) -> {
            StoredSignal s = signals.get(i);
            Object[] values = {s.signalId, s.groupId, s.tenantId, s.workerId, s.accountId, s.partyId, s.code, s.severity,
                    s.confidence, ts(s.observedAt), ts(s.expiresAt), s.source, s.detector, s.evidence, ts(s.receivedAt)};
            set(insert, values);
        });
    }

    /** @return for each observation, in order, true if it was new */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean[] storeObservations(List<StoredObservation> observations) {
        return batch("""
                insert into observation (observation_id, tenant_id, worker_id, account_id, party_id, type, value,
                                         observed_at, source, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (observation_id) do nothing""", observations.size(), (insert, i) -> {
            StoredObservation o = observations.get(i);
            set(insert, new Object[] {o.observationId, o.tenantId, o.workerId, o.accountId, o.partyId, o.type, o.value,
                    ts(o.observedAt), o.source, ts(o.receivedAt)});
        });
    }

    private interface Binder {
        void bind(PreparedStatement insert, int index) throws java.sql.SQLException;
    }

    private boolean[] batch(String sql, int size, Binder binder) {
        boolean[] isNew = new boolean[size];
        if (size == 0) {
            return isNew;
        }
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (int i = 0; i < size; i++) {
                    binder.bind(insert, i);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    isNew[i] = counts[i] == 1;
                }
            }
        });
        return isNew;
    }

    private static void set(PreparedStatement insert, Object[] values) throws java.sql.SQLException {
        for (int v = 0; v < values.length; v++) {
            if (values[v] == null) {
                insert.setNull(v + 1, Types.OTHER);
            } else {
                insert.setObject(v + 1, values[v]);
            }
        }
    }

    private static java.time.OffsetDateTime ts(java.time.Instant instant) {
        return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
    }
}
