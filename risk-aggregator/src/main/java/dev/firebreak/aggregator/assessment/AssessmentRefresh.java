package dev.firebreak.aggregator.assessment;

import dev.firebreak.aggregator.review.Audit;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.kit.persistence.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps each worker's current assessment state (tier, score, counted codes) and announces changes: after new
 * evidence, a review or an erasure, the affected workers are assessed at the current time; a change of tier, or of
 * score by at least {@link #SCORE_STEP}, updates the state, is audited (tier changes) and is announced in one
 * {@link Changes} per batch (published on {@code risk.assessments} in the same transaction); an unchanged state is
 * kept, confirmed as of now ({@link TimeSweep} re-checks the oldest first). A batch's states, audit
 * entries and announcements are each written in one round trip, not one per worker. A worker whose tier changed also refreshes the
 * workers linked to it, whose NW-01 depends on it (one level: NW-01 derives from tiers computed without it).
 */
@ApplicationScoped
public class AssessmentRefresh {

    /** Smaller score movements (the slow decay of old evidence) are not announced. */
    static final double SCORE_STEP = 0.01;

    private final EntityManager em;
    private final AssessmentService assessments;
    private final Audit audit;
    private final Event<Changes> changed;
    private final TierChangeSpans spans;

    public AssessmentRefresh(EntityManager em, AssessmentService assessments, Audit audit, Event<Changes> changed,
                             TierChangeSpans spans) {
        this.em = em;
        this.spans = spans;
        this.assessments = assessments;
        this.audit = audit;
        this.changed = changed;
    }

    /** A worker's tier or score changed. */
    public record Changed(String tenantId, String workerId, Tier tier, Tier previousTier, double score,
                          List<String> codes, Instant asOf) {
    }

    /** The changes of one refresh batch, in the order the workers were assessed. */
    public record Changes(List<Changed> changes) {
    }

    /** What a batch writes, collected while its workers are assessed. */
    private record Writes(List<Object[]> upserts, List<String> deletes, List<Audit.New> audits, List<Changed> changes) {
        Writes() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(String tenantId, Collection<String> workers) {
        refresh(tenantId, workers, Map.of());
    }

    /**
     * Refreshes these workers' states; a tier change continues the trace its worker was queued with ({@code traces}:
     * worker → traceparent).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(String tenantId, Collection<String> workers, Map<String, String> traces) {
        Instant now = Instant.now();
        // one holder of evidence for the whole batch: what the workers and their networks read is fetched set-wise;
        // the linked workers' tiers without network flags come from their stored state where it has one
        Evidence evidence = assessments.stateEvidence(tenantId, now);
        Set<String> batch = new TreeSet<>(workers);
        assessments.prepare(evidence, batch, others -> storedBaseTiers(tenantId, others));
        Map<String, Stored> stored = stored(tenantId, batch);
        Writes writes = new Writes();
        Set<String> linked = new TreeSet<>();
        for (String worker : batch) {
            if (update(evidence, stored.get(worker), worker, writes)) {
                linked.addAll(assessments.linkedWorkers(evidence, worker));
            }
        }
        linked.removeAll(batch);
        if (!linked.isEmpty()) {
            assessments.prepare(evidence, linked, others -> storedBaseTiers(tenantId, others));
            stored.putAll(stored(tenantId, linked));
            for (String worker : linked) {
                update(evidence, stored.get(worker), worker, writes);
            }
        }
        save(writes.upserts());
        if (!writes.deletes().isEmpty()) {
            SetQuery.update(em, "delete from assessment_state where tenant_id = ? and worker_id = any(?::varchar[])",
                    tenantId, writes.deletes().stream().sorted().toArray(String[]::new));
        }
        audit.recordAll(writes.audits());
        if (!writes.changes().isEmpty()) {
            changed.fire(new Changes(List.copyOf(writes.changes())));
            spans.record(writes.changes(), traces, now);
        }
    }

    /** A worker's stored state; {@code baseTier} null where it was stored before base tiers were. */
    private record Stored(Tier tier, double score, String codes, Tier baseTier) {
    }

    private Map<String, Stored> stored(String tenantId, Collection<String> workers) {
        Map<String, Stored> stored = new HashMap<>();
        SetQuery.run(em, """
                        select worker_id, tier, score, codes, base_tier from assessment_state
                        where tenant_id = ? and worker_id = any(?)""", workers, row -> stored.put(row.getString(1),
                        new Stored(Tier.valueOf(row.getString(2)), row.getDouble(3), row.getString(4),
                                row.getString(5) == null ? null : Tier.valueOf(row.getString(5)))),
                tenantId, SetQuery.SET);
        return stored;
    }

    /** The stored tiers without network flags of those of these workers that have one. */
    private Map<String, Tier> storedBaseTiers(String tenantId, Collection<String> workers) {
        Map<String, Tier> tiers = new HashMap<>();
        SetQuery.run(em, """
                        select worker_id, base_tier from assessment_state where tenant_id = ? and worker_id = any(?)
                          and base_tier is not null""",
                workers, row -> tiers.put(row.getString(1), Tier.valueOf(row.getString(2))), tenantId, SetQuery.SET);
        return tiers;
    }

    /**
     * Assesses the worker and collects what changed.
     *
     * @return true if its tier without network flags changed: the linked workers' NW-01 and NW-02 rest on it
     */
    private boolean update(Evidence evidence, Stored stored, String worker, Writes writes) {
        String tenantId = evidence.tenantId();
        Instant now = evidence.asOf();
        AssessmentService.State a;
        try {
            a = assessments.state(evidence, worker);
        } catch (ProblemException e) {
            if (e.status() != 404) {
                throw e;
            }
            if (stored == null) {
                return false;
            }
            // nothing is held about the worker any more (its evidence expired, issue 29): its stored state goes too,
            // and a tier above CLEAR is announced as gone
            writes.deletes().add(worker);
            if (stored.tier() != Tier.CLEAR) {
                writes.audits().add(new Audit.New(tenantId, worker, "TIER_CHANGED", stored.tier()
                        + " → CLEAR (no evidence is kept any more)", Audit.SYSTEM));
                writes.changes().add(new Changed(tenantId, worker, Tier.CLEAR, stored.tier(), 0.0, List.of(), now));
            }
            return stored.baseTier() != null && stored.baseTier() != Tier.CLEAR;
        }
        List<String> codes = a.codes();
        Tier previous = stored == null ? null : stored.tier();
        boolean tierChanged = previous == null ? a.tier() != Tier.CLEAR : previous != a.tier();
        // a worker never stored counts as CLEAR without network flags: so the linked ones took it when they were assessed
        Tier previousBase = stored == null || stored.baseTier() == null ? Tier.CLEAR : stored.baseTier();
        boolean baseChanged = previousBase != a.baseTier();
        if (stored != null && stored.baseTier() != null && !tierChanged && !baseChanged
                && Math.abs(stored.score() - a.score()) < SCORE_STEP) {
            // unchanged: kept as stored (so that decay adds up to an announced step), confirmed as of now (TimeSweep
            // re-checks the oldest states first)
            writes.upserts().add(new Object[] {tenantId, worker, stored.tier().name(), stored.score(), stored.codes(),
                    now.atOffset(ZoneOffset.UTC), stored.baseTier().name()});
            return false;
        }
        writes.upserts().add(new Object[] {tenantId, worker, a.tier().name(), a.score(), String.join(",", codes),
                now.atOffset(ZoneOffset.UTC), a.baseTier().name()});
        if (tierChanged) {
            writes.audits().add(new Audit.New(tenantId, worker, "TIER_CHANGED", (previous == null ? Tier.CLEAR : previous)
                    + " → " + a.tier() + (codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")"), Audit.SYSTEM));
        }
        if ((previous != null || a.tier() != Tier.CLEAR) && (tierChanged || stored == null
                || Math.abs(stored.score() - a.score()) >= SCORE_STEP)) {
            writes.changes().add(new Changed(tenantId, worker, a.tier(), previous, a.score(), codes, now));
        }
        return baseChanged;
    }

    /** The changed states, in one statement (arrays, {@code unnest}), in key order: refresher threads never deadlock. */
    private void save(List<Object[]> upserts) {
        if (upserts.isEmpty()) {
            return;
        }
        List<Object[]> rows = upserts.stream().sorted(Comparator.comparing((Object[] r) -> (String) r[0])
                .thenComparing(r -> (String) r[1])).toList();
        SetQuery.update(em, """
                        insert into assessment_state as a (tenant_id, worker_id, tier, score, codes, as_of, base_tier,
                                                           tier_changed_at)
                        select t, w, r, s, c, at, b, at from (select ?::timestamptz as at) as now,
                          unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::float8[], ?::text[], ?::varchar[])
                            as u(t, w, r, s, c, b)
                        on conflict (tenant_id, worker_id) do update set tier = excluded.tier, score = excluded.score,
                          codes = excluded.codes, as_of = excluded.as_of, base_tier = excluded.base_tier,
                          tier_changed_at = case when a.tier <> excluded.tier or a.tier_changed_at is null
                                                 then excluded.as_of else a.tier_changed_at end""",
                rows.getFirst()[5], // one refresh, one asOf
                column(rows, 0), column(rows, 1), column(rows, 2),
                SetQuery.array("float8", rows.stream().map(r -> r[3]).toArray()),
                SetQuery.array("text", rows.stream().map(r -> r[4]).toArray()), column(rows, 6));
    }

    private static String[] column(List<Object[]> rows, int c) {
        return rows.stream().map(r -> (String) r[c]).toArray(String[]::new);
    }

    /** Whether the worker has an assessment state (was ever assessed). */
    public boolean known(String tenantId, String workerId) {
        return !em.createNativeQuery("select 1 from assessment_state where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).getResultList().isEmpty();
    }

    /** The state's tier of each of these workers (for network views). */
    public Map<String, String> tiers(String tenantId, Collection<String> workers) {
        Map<String, String> tiers = new TreeMap<>();
        if (workers.isEmpty()) {
            return tiers;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select worker_id, tier from assessment_state where tenant_id = ?1"
                        + " and worker_id in (?2)").setParameter(1, tenantId).setParameter(2, workers).getResultList();
        rows.forEach(r -> tiers.put((String) r[0], (String) r[1]));
        return tiers;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(String tenantId, String workerId) {
        em.createNativeQuery("delete from assessment_state where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
    }
}
