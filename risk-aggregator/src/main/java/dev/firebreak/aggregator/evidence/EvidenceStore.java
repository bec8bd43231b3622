package dev.firebreak.aggregator.evidence;

import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Stores signals and observations exactly once, a consumer batch per statement: the batch goes in as one array per
 * column ({@code insert … select from unnest(…) on conflict … returning id}), so PostgreSQL plans and runs
 * one statement instead of one per row, and says which ids were new. Inserting an id that is already there changes
 * nothing (but a signal's withdrawal, which only ever brings its expiry earlier), so at-least-once delivery from
 * Kafka has an exactly-once effect.
 */
@ApplicationScoped
public class EvidenceStore {

    private final EntityManager em;

    public EvidenceStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Stores new signals, and a repeat's earlier expiry: a signal published again by its tenant, about its subject,
     * with an {@code expiresAt} before the stored one (or where none was) is a withdrawal, and its expiry and evidence replace the stored ones; any other
     * repeat changes nothing, so replays of either message are no-ops.
     *
     * @return the signals that were new or withdrawn, in order (of repeats within the batch, one, with the
     *         earliest expiry among them)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredSignal> storeSignals(List<StoredSignal> signals) {
        // one row per id: PostgreSQL refuses to update a row twice in one statement
        Map<UUID, StoredSignal> byId = new LinkedHashMap<>();
        for (StoredSignal s : signals) {
            byId.merge(s.signalId, s, (kept, next) -> next.expiresAt != null
                    && (kept.expiresAt == null || next.expiresAt.isBefore(kept.expiresAt)) ? next : kept);
        }
        signals = List.copyOf(byId.values());
        return insert("""
                insert into signal (signal_id, group_id, tenant_id, worker_id, account_id, party_id, code, severity,
                                    confidence, observed_at, expires_at, source, detector, evidence, received_at)
                select * from unnest(?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                     ?::varchar[], ?::varchar[], ?::float8[], ?::timestamptz[], ?::timestamptz[],
                                     ?::varchar[], ?::varchar[], ?::text[], ?::timestamptz[])
                on conflict (signal_id) do update set expires_at = excluded.expires_at, evidence = excluded.evidence
                where excluded.expires_at is not null
                  and (signal.expires_at is null or excluded.expires_at < signal.expires_at)
                  and signal.tenant_id = excluded.tenant_id and signal.code = excluded.code
                  and signal.worker_id is not distinct from excluded.worker_id
                  and signal.account_id is not distinct from excluded.account_id
                  and signal.party_id is not distinct from excluded.party_id
                returning signal_id""", signals, s -> s.signalId,
                s -> new Object[] {s.signalId, s.groupId, s.tenantId, s.workerId, s.accountId, s.partyId, s.code,
                        s.severity, s.confidence, s.observedAt, s.expiresAt, s.source, s.detector, s.evidence,
                        s.receivedAt});
    }

    /** @return the observations that were new, in order (of repeats within the batch, the first) */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredObservation> storeObservations(List<StoredObservation> observations) {
        return insert("""
                insert into observation (observation_id, tenant_id, worker_id, account_id, party_id, type, value,
                                         observed_at, source, received_at)
                select * from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                     ?::varchar[], ?::timestamptz[], ?::varchar[], ?::timestamptz[])
                on conflict (observation_id) do nothing returning observation_id""", observations, o -> o.observationId,
                o -> new Object[] {o.observationId, o.tenantId, o.workerId, o.accountId, o.partyId, o.type, o.value,
                        o.observedAt, o.source, o.receivedAt});
    }

    /** Inserts the rows (one text array per column) and returns those whose id was new. */
    private <T> List<T> insert(String sql, List<T> rows, Function<T, UUID> id,
                                 Function<T, Object[]> columns) {
        if (rows.isEmpty()) {
            return List.of();
        }
        int width = columns.apply(rows.getFirst()).length;
        String[][] values = new String[width][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = columns.apply(rows.get(r));
            for (int c = 0; c < width; c++) {
                values[c][r] = text(row[c]);
            }
        }
        Set<UUID> inserted = new HashSet<>();
        Object[] arrays = new Object[width];
        for (int c = 0; c < width; c++) {
            arrays[c] = SetQuery.array("text", values[c]);
        }
        SetQuery.once(em, sql, returned -> inserted.add(returned.getObject(1, UUID.class)), arrays);
        // the first of repeats within the batch only
        return rows.stream().filter(row -> inserted.remove(id.apply(row))).toList();
    }

    /** A column value as PostgreSQL reads it from text (timestamps in ISO-8601 with their offset). */
    private static String text(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant.toString();
            default -> value.toString();
        };
    }
}
