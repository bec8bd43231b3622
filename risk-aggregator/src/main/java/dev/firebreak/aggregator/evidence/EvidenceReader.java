package dev.firebreak.aggregator.evidence;

import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.firebreak.kit.persistence.SetQuery.instant;

/**
 * Reads the stored evidence of a set of workers, each kind in one statement for the whole set: a worker's signals
 * are those about the worker and those about the platform accounts and payment parties services told us are the
 * worker's ({@code PLATFORM_ACCOUNT} and {@code PAYMENT_PARTY} observations). Indexed lookups from the workers
 * outwards: the cost follows the workers' own evidence, never the size of the store.
 */
@ApplicationScoped
public class EvidenceReader {

    private final EntityManager em;

    public EvidenceReader(EntityManager em) {
        this.em = em;
    }

    /** Each worker's signals, oldest first (a worker without any maps to an empty list). */
    public Map<String, List<StoredSignal>> signals(String tenantId, Collection<String> workers) {
        return signals(tenantId, workers, true);
    }

    /**
     * The signal's columns but its evidence (left null): what a tier and score need. PM-07's and PM-13's evidence is
     * read: a destination country and a match's basis decide whether they count (AssessmentService).
     */
    private static final String WITHOUT_EVIDENCE = "s.signal_id, s.group_id, s.tenant_id, s.worker_id, s.account_id, "
            + "s.party_id, s.code, s.severity, s.confidence, s.observed_at, s.expires_at, s.source, s.detector, "
            + "case when s.code in ('PM-07', 'PM-13') then s.evidence end as evidence, s.received_at";

    /**
     * {@link #signals(String, Collection)}; without {@code withEvidence} each signal's evidence is left out (null):
     * the refresher computes tiers and scores, which never read it, and it is most of a signal's bytes.
     */
    public Map<String, List<StoredSignal>> signals(String tenantId, Collection<String> workers, boolean withEvidence) {
        Map<String, List<StoredSignal>> byWorker = empty(workers);
        String columns = withEvidence ? "s.*" : WITHOUT_EVIDENCE;
        // three indexed lookups, not one OR that the planner can only answer by scanning the table; the distinct
        // (worker, account) pairs keep a signal once per worker however many services reported the account
        SetQuery.run(em, """
                select s.worker_id as owner, %1$s from signal s where s.tenant_id = ? and s.worker_id = any(?)
                union all
                select l.owner, %1$s from (select distinct o.worker_id as owner, o.value from observation o
                    where o.tenant_id = ? and o.worker_id = any(?) and o.type = 'PAYMENT_PARTY') l
                  join signal s on s.tenant_id = ? and s.worker_id is null and s.party_id = l.value
                union all
                select l.owner, %1$s from (select distinct o.worker_id as owner, o.value from observation o
                    where o.tenant_id = ? and o.worker_id = any(?) and o.type = 'PLATFORM_ACCOUNT') l
                  join signal s on s.tenant_id = ? and s.worker_id is null and s.account_id = l.value
                order by owner, observed_at, signal_id""".formatted(columns),
                workers, row -> byWorker.get(row.getString("owner")).add(signal(row)),
                tenantId, SetQuery.SET, tenantId, SetQuery.SET, tenantId, tenantId, SetQuery.SET, tenantId);
        return byWorker;
    }

    /**
     * Each worker's observations of these types up to {@code asOf}: its own and those of the platform accounts and
     * payment parties tied to it, oldest first.
     */
    public Map<String, List<StoredObservation>> facts(String tenantId, Collection<String> workers, Collection<String> types,
                                                      Instant asOf) {
        Map<String, List<StoredObservation>> byWorker = empty(workers);
        String[] typeParam = types.toArray(String[]::new);
        SetQuery.run(em, """
                select o.worker_id as owner, o.* from observation o where o.tenant_id = ? and o.worker_id = any(?)
                  and o.type = any(?) and o.observed_at <= ?
                union all
                select l.owner, o.* from (select distinct x.worker_id as owner, x.value from observation x
                    where x.tenant_id = ? and x.worker_id = any(?) and x.type = 'PAYMENT_PARTY') l
                  join observation o on o.tenant_id = ? and o.worker_id is null and o.party_id = l.value
                  and o.type = any(?) and o.observed_at <= ?
                union all
                select l.owner, o.* from (select distinct x.worker_id as owner, x.value from observation x
                    where x.tenant_id = ? and x.worker_id = any(?) and x.type = 'PLATFORM_ACCOUNT') l
                  join observation o on o.tenant_id = ? and o.worker_id is null and o.account_id = l.value
                  and o.type = any(?) and o.observed_at <= ?
                order by owner, observed_at, observation_id""",
                workers, row -> byWorker.get(row.getString("owner")).add(observation(row)),
                tenantId, SetQuery.SET, typeParam, asOf, tenantId, SetQuery.SET, tenantId, typeParam, asOf,
                tenantId, SetQuery.SET, tenantId, typeParam, asOf);
        return byWorker;
    }

    /** The workers the tenant ever reported in an observation of their own. */
    public Set<String> known(String tenantId, Collection<String> workers) {
        Set<String> known = new HashSet<>();
        SetQuery.run(em, """
                select w from unnest(?::varchar[]) w where exists
                  (select 1 from observation o where o.tenant_id = ? and o.worker_id = w)""",
                workers, row -> known.add(row.getString(1)), SetQuery.SET, tenantId);
        return known;
    }

    private static <T> Map<String, List<T>> empty(Collection<String> workers) {
        Map<String, List<T>> map = new HashMap<>();
        workers.forEach(w -> map.put(w, new ArrayList<>()));
        return map;
    }

    private static StoredSignal signal(ResultSet row) throws SQLException {
        StoredSignal s = subject(new StoredSignal(), row);
        s.signalId = row.getObject("signal_id", UUID.class);
        s.groupId = row.getObject("group_id", UUID.class);
        s.code = row.getString("code");
        s.severity = row.getString("severity");
        s.confidence = row.getDouble("confidence");
        s.expiresAt = instant(row, "expires_at");
        s.detector = row.getString("detector");
        s.evidence = row.getString("evidence");
        return s;
    }

    private static StoredObservation observation(ResultSet row) throws SQLException {
        StoredObservation o = subject(new StoredObservation(), row);
        o.observationId = row.getObject("observation_id", UUID.class);
        o.type = row.getString("type");
        o.value = row.getString("value");
        return o;
    }

    private static <T extends SubjectEvidence> T subject(T e, ResultSet row) throws SQLException {
        e.tenantId = row.getString("tenant_id");
        e.workerId = row.getString("worker_id");
        e.accountId = row.getString("account_id");
        e.partyId = row.getString("party_id");
        e.observedAt = instant(row, "observed_at");
        e.source = row.getString("source");
        e.receivedAt = instant(row, "received_at");
        return e;
    }
}
