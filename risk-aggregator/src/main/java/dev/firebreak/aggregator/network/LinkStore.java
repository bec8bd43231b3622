package dev.firebreak.aggregator.network;

import dev.firebreak.kit.persistence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The links' tables: who holds which identifier ({@code worker_identifier}), how many hold each
 * ({@code identifier_holders}), and each linked worker's cluster ({@code worker_cluster}); and the observations the
 * links are made from. Every statement takes a whole set at once (arrays bound by {@link SetQuery}); rows are
 * written in key order, so two replicas never deadlock on them.
 */
@ApplicationScoped
public class LinkStore {

    private final EntityManager em;

    public LinkStore(EntityManager em) {
        this.em = em;
    }

    /** A (worker, identifier) pair to hold, with who saw it first and when. */
    record Held(String worker, String type, String value, String source, Instant seen) {

        String key() {
            return type + "\u001f" + value + "\u001f" + worker;
        }

        /** The earlier sighting; at the same time the source first in order (as the upsert keeps it). */
        Held earlier(Held other) {
            int c = seen.compareTo(other.seen);
            return c < 0 || c == 0 && source.compareTo(other.source) <= 0 ? this : other;
        }
    }

    /** One tenant's link maintenance at a time, across replicas (transaction-scoped advisory lock). */
    void lock(String tenantId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "links:" + tenantId)
                .getSingleResult();
    }

    /**
     * The linking identifiers observed of these accounts and parties, keyed {@code A<account>} / {@code P<party>}, each
     * with its first sighting (the worker left empty).
     */
    Map<String, List<Held>> identifiersOf(String tenantId, String[] accounts, String[] parties, String[] types) {
        Map<String, List<Held>> bySubject = new HashMap<>();
        SetQuery.once(em, """
                        select 'A' || account_id, type, value, source, observed_at from observation
                          where tenant_id = ? and account_id = any(?) and type = any(?)
                        union all
                        select 'P' || party_id, type, value, source, observed_at from observation
                          where tenant_id = ? and party_id = any(?) and type = any(?)""",
                row -> bySubject.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(new Held(null,
                        row.getString(2), row.getString(3), row.getString(4), SetQuery.instant(row, "observed_at"))),
                tenantId, accounts, types, tenantId, parties, types);
        return bySubject;
    }

    /** The first referral naming each of these accounts as the referrer (by time, then source). */
    Map<String, Held> firstReferrals(String tenantId, String[] accounts) {
        Map<String, Held> first = new HashMap<>();
        SetQuery.once(em, """
                        select distinct on (value) value, source, observed_at from observation
                          where tenant_id = ? and type = 'REFERRAL' and value = any(?)
                          order by value, observed_at, source""",
                row -> first.put(row.getString(1), new Held(null, "REFERRAL", row.getString(1), row.getString(2),
                        SetQuery.instant(row, "observed_at"))), tenantId, accounts);
        return first;
    }

    /** The workers tied to these accounts and parties (type, value, worker), in that order. */
    void owners(String tenantId, String[] accounts, String[] parties, SetQuery.Row row) {
        SetQuery.once(em, """
                        select distinct type, value, worker_id from observation where tenant_id = ? and worker_id is not null
                          and (type = 'PLATFORM_ACCOUNT' and value = any(?) or type = 'PAYMENT_PARTY' and value = any(?))
                        order by type, value, worker_id""", row, tenantId, accounts, parties);
    }

    /**
     * Upserts the pairs (an existing pair keeps its first sighting) in one statement, and adds the new ones to their
     * identifiers' holder counts in another.
     *
     * @return the pairs that were new
     */
    List<Held> upsert(String tenantId, Collection<Held> pairs) {
        List<Held> sorted = pairs.stream().sorted(Comparator.comparing(Held::type).thenComparing(Held::value)
                .thenComparing(Held::worker)).toList();
        List<Held> inserted = new ArrayList<>();
        if (sorted.isEmpty()) {
            return inserted;
        }
        Set<String> isNew = new HashSet<>();
        SetQuery.once(em, """
                        insert into worker_identifier as w (tenant_id, type, value, worker_id, source, first_seen)
                        select ?, t, v, k, s, f from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                                            ?::timestamptz[]) with ordinality as u(t, v, k, s, f, n)
                        order by n
                        on conflict (tenant_id, type, value, worker_id) do update
                          set first_seen = least(w.first_seen, excluded.first_seen),
                              source = case when (excluded.first_seen, excluded.source) < (w.first_seen, w.source)
                                            then excluded.source else w.source end
                        returning w.type, w.value, w.worker_id, (xmax = 0) as inserted""",
                row -> {
                    if (row.getBoolean(4)) {
                        isNew.add(row.getString(1) + "\u001f" + row.getString(2) + "\u001f" + row.getString(3));
                    }
                },
                tenantId, sorted.stream().map(Held::type).toArray(String[]::new),
                sorted.stream().map(Held::value).toArray(String[]::new),
                sorted.stream().map(Held::worker).toArray(String[]::new),
                sorted.stream().map(Held::source).toArray(String[]::new),
                sorted.stream().map(h -> h.seen().toString()).toArray(String[]::new));
        for (Held h : sorted) {
            if (isNew.contains(h.key())) {
                inserted.add(h);
            }
        }
        countHolders(tenantId, inserted);
        return inserted;
    }

    private void countHolders(String tenantId, List<Held> inserted) {
        Map<List<String>, Integer> added = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        inserted.forEach(h -> added.merge(List.of(h.type(), h.value()), 1, Integer::sum));
        if (added.isEmpty()) {
            return;
        }
        SetQuery.once(em, """
                        insert into identifier_holders as h (tenant_id, type, value, holders)
                        select ?, t, v, n::int from unnest(?::varchar[], ?::varchar[], ?::varchar[]) with ordinality
                          as u(t, v, n, i) order by i
                        on conflict (tenant_id, type, value) do update set holders = h.holders + excluded.holders
                        returning h.type""", row -> { }, tenantId,
                added.keySet().stream().map(k -> k.get(0)).toArray(String[]::new),
                added.keySet().stream().map(k -> k.get(1)).toArray(String[]::new),
                added.values().stream().map(String::valueOf).toArray(String[]::new));
    }

    /** The tenant's workers holding any identifier, counted up to {@code limit}. */
    int workers(String tenantId, int limit) {
        Number n = (Number) em.createNativeQuery("""
                        select count(*) from (select distinct worker_id from worker_identifier where tenant_id = ?1
                          limit ?2) w""")
                .setParameter(1, tenantId).setParameter(2, limit).getSingleResult();
        return n.intValue();
    }

    /** The common threshold the tenant's clusters were last made with (-1: none yet), and its worker count then. */
    int[] storedThreshold(String tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select common_threshold, workers from tenant_links where tenant_id = ?1")
                .setParameter(1, tenantId).getResultList();
        return rows.isEmpty() ? new int[] {-1, 0}
                : new int[] {((Number) rows.getFirst()[0]).intValue(), ((Number) rows.getFirst()[1]).intValue()};
    }

    void storeThreshold(String tenantId, int threshold, int workers) {
        em.createNativeQuery("""
                        insert into tenant_links (tenant_id, workers, common_threshold) values (?1, ?2, ?3)
                        on conflict (tenant_id) do update set workers = excluded.workers,
                          common_threshold = excluded.common_threshold""")
                .setParameter(1, tenantId).setParameter(2, workers).setParameter(3, threshold).executeUpdate();
    }

    /** The holders of each identifier (not weak) held by more than {@code above} and at most {@code upTo} workers. */
    List<List<String>> holdersOfIdentifiersHeldBetween(String tenantId, Set<String> weak, int above, int upTo) {
        Map<List<String>, List<String>> holders = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        SetQuery.once(em, """
                        select h.type, h.value, w.worker_id from identifier_holders h
                        join worker_identifier w on w.tenant_id = h.tenant_id and w.type = h.type and w.value = h.value
                        where h.tenant_id = ? and h.type <> all(?) and h.holders > ? and h.holders <= ?
                        order by h.type, h.value, w.worker_id""",
                row -> holders.computeIfAbsent(List.of(row.getString(1), row.getString(2)), k -> new ArrayList<>())
                        .add(row.getString(3)),
                tenantId, weak.toArray(String[]::new), above, upTo);
        return new ArrayList<>(holders.values());
    }

    /** Up to {@code limits[i]} holders of each identifier (types[i], values[i]), by worker id. */
    Map<List<String>, List<String>> holders(String tenantId, String[] types, String[] values, String[] limits) {
        Map<List<String>, List<String>> holders = new HashMap<>();
        SetQuery.once(em, """
                        select i.type, i.value, h.worker_id
                        from unnest(?::varchar[], ?::varchar[], ?::varchar[]) as i(type, value, lim)
                        cross join lateral (select w.worker_id from worker_identifier w
                             where w.tenant_id = ? and w.type = i.type and w.value = i.value
                             order by w.worker_id limit i.lim::int) h""",
                row -> holders.computeIfAbsent(List.of(row.getString(1), row.getString(2)), k -> new ArrayList<>())
                        .add(row.getString(3)),
                types, values, limits, tenantId);
        return holders;
    }

    /** Each of these workers with every member of its cluster (itself included), as pairs. */
    void clusterMates(String tenantId, Collection<String> workers, BiConsumer<String, String> pair) {
        SetQuery.run(em, """
                        select c.worker_id, m.worker_id from worker_cluster c
                        join worker_cluster m on m.tenant_id = c.tenant_id and m.cluster_id = c.cluster_id
                        where c.tenant_id = ? and c.worker_id = any(?)""",
                workers, row -> pair.accept(row.getString(1), row.getString(2)), tenantId, SetQuery.SET);
    }

    /** Every member of the clusters of these workers. */
    List<String> membersOfClustersOf(String tenantId, Collection<String> workers) {
        @SuppressWarnings("unchecked")
        List<String> members = em.createNativeQuery("""
                        select m.worker_id from worker_cluster m where m.tenant_id = ?1 and m.cluster_id in
                          (select c.cluster_id from worker_cluster c where c.tenant_id = ?1 and c.worker_id in (?2))""")
                .setParameter(1, tenantId).setParameter(2, workers).getResultList();
        return members;
    }

    void forgetClusters(String tenantId, Collection<String> workers) {
        em.createNativeQuery("delete from worker_cluster where tenant_id = ?1 and worker_id in (?2)")
                .setParameter(1, tenantId).setParameter(2, workers).executeUpdate();
    }

    /**
     * Writes each worker's cluster; one statement. A member whose cluster keeps its id is not written again (a worker
     * joining a cluster would otherwise rewrite every member's row, each a dead version for vacuum).
     */
    void assign(String tenantId, List<String> workers, List<String> clusters) {
        if (workers.isEmpty()) {
            return;
        }
        SetQuery.once(em, """
                        insert into worker_cluster (tenant_id, worker_id, cluster_id)
                        select ?, w, c from unnest(?::varchar[], ?::varchar[]) as u(w, c) order by w
                        on conflict (tenant_id, worker_id) do update set cluster_id = excluded.cluster_id
                          where worker_cluster.cluster_id <> excluded.cluster_id
                        returning worker_id""", row -> { }, tenantId, workers.toArray(String[]::new),
                clusters.toArray(String[]::new));
    }

    /** The cluster of each of these workers that is linked to anyone (the others are left out). */
    Map<String, Cluster> clustersOf(String tenantId, Collection<String> workers) {
        Map<String, Cluster> clusters = new HashMap<>();
        SetQuery.run(em, """
                        select c.worker_id, c.cluster_id, s.n from worker_cluster c
                        cross join lateral (select count(*) n from worker_cluster m
                             where m.tenant_id = c.tenant_id and m.cluster_id = c.cluster_id) s
                        where c.tenant_id = ? and c.worker_id = any(?)""",
                workers, row -> clusters.put(row.getString(1), new Cluster(row.getString(2), row.getInt(3))),
                tenantId, SetQuery.SET);
        return clusters;
    }

    List<String> members(String tenantId, String clusterId) {
        @SuppressWarnings("unchecked")
        List<String> members = em.createNativeQuery("select worker_id from worker_cluster where tenant_id = ?1"
                        + " and cluster_id = ?2 order by worker_id")
                .setParameter(1, tenantId).setParameter(2, clusterId).getResultList();
        return members;
    }

    /**
     * Each worker's direct links (whenever made: a link exists from {@code since}), through identifiers held by two
     * to the tenant's common threshold (the stored one; {@code common} until its clusters were first made, or whatever
     * is stored when {@code exactly}: a recluster under the threshold being set; read once per statement, not per
     * row) workers, in order of the other worker, then identifier; one statement for
     * the whole set. The linking identifiers are found first (a CTE the planner cannot fold in), then their other
     * holders: joined the other way round, the generic plan read every holder of the common IPs first
     * (BENCHMARKS.md, risk-aggregator, 2026-12-04 fifth).
     */
    Map<String, List<Link>> linksOf(String tenantId, Collection<String> workers, Set<String> weak, int common,
                                    boolean exactly) {
        Map<String, List<Link>> byWorker = new HashMap<>();
        workers.forEach(w -> byWorker.put(w, new ArrayList<>()));
        SetQuery.run(em, """
                        with linking as materialized (
                          select mine.tenant_id, mine.worker_id, mine.type, mine.value, mine.source, mine.first_seen
                          from worker_identifier mine
                          join identifier_holders h on h.tenant_id = mine.tenant_id and h.type = mine.type
                               and h.value = mine.value
                          where mine.tenant_id = ? and mine.worker_id = any(?)
                            and mine.type <> all(?) and h.holders between 2 and case when ?::boolean then ?::int
                              else coalesce((select t.common_threshold from tenant_links t where t.tenant_id = ?),
                                            ?::int) end)
                        select mine.worker_id as owner, mine.type, mine.value, other.worker_id, mine.source, other.source,
                               greatest(mine.first_seen, other.first_seen) as since
                        from linking mine
                        join worker_identifier other on other.tenant_id = mine.tenant_id and other.type = mine.type
                             and other.value = mine.value and other.worker_id <> mine.worker_id
                        order by mine.worker_id, other.worker_id, mine.type, mine.value""",
                workers, row -> {
                    String owner = row.getString(1);
                    byWorker.get(owner).add(new Link(owner, row.getString(4), row.getString(2), row.getString(3),
                            row.getString(5), row.getString(6), SetQuery.instant(row, "since")));
                }, tenantId, SetQuery.SET, weak.toArray(String[]::new), exactly, common, tenantId, common);
        return byWorker;
    }

    /** Erasure: the worker's identifiers (their holder counts lose it) and its cluster row. */
    void erase(String tenantId, String workerId) {
        // an identifier the worker alone held goes first, so that the decrement of the others cannot bring one down
        // to the count the delete looks for
        em.createNativeQuery("""
                        delete from identifier_holders h using worker_identifier w
                        where w.tenant_id = ?1 and w.worker_id = ?2 and h.tenant_id = w.tenant_id and h.type = w.type
                          and h.value = w.value and h.holders = 1""")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
        em.createNativeQuery("""
                        update identifier_holders h set holders = h.holders - 1 from worker_identifier w
                        where w.tenant_id = ?1 and w.worker_id = ?2 and h.tenant_id = w.tenant_id and h.type = w.type
                          and h.value = w.value and h.holders > 1""")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
        em.createNativeQuery("delete from worker_identifier where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
        em.createNativeQuery("delete from worker_cluster where tenant_id = ?1 and worker_id = ?2")
                .setParameter(1, tenantId).setParameter(2, workerId).executeUpdate();
    }

    /**
     * The (worker, type, value) rows of these workers and of these identifiers that no kept observation supports any
     * more: none of the identifier names the worker, nor an account or party it is tied to (a referral: none names it
     * at all). Retention's prune (Links#prune) removes them.
     */
    List<String[]> unsupported(String tenantId, String[] workers, String[] types, String[] values) {
        List<String[]> rows = new ArrayList<>();
        SetQuery.once(em, """
                        with candidates as (
                          select w.worker_id, w.type, w.value from worker_identifier w
                            where w.tenant_id = ? and w.worker_id = any(?::varchar[])
                          union
                          select w.worker_id, w.type, w.value from worker_identifier w
                            join unnest(?::varchar[], ?::varchar[]) as g(type, value) on w.type = g.type and w.value = g.value
                            where w.tenant_id = ?)
                        select c.worker_id, c.type, c.value from candidates c
                        where not exists (
                          select 1 from observation o where o.tenant_id = ? and o.type = c.type and o.value = c.value
                            and (o.worker_id = c.worker_id or c.type = 'REFERRAL'
                                 or o.worker_id is null and o.account_id is not null and exists (
                                      select 1 from observation p where p.tenant_id = o.tenant_id and p.worker_id = c.worker_id
                                        and p.type = 'PLATFORM_ACCOUNT' and p.value = o.account_id)
                                 or o.worker_id is null and o.party_id is not null and exists (
                                      select 1 from observation p where p.tenant_id = o.tenant_id and p.worker_id = c.worker_id
                                        and p.type = 'PAYMENT_PARTY' and p.value = o.party_id)))
                        order by c.type, c.value, c.worker_id""",
                row -> rows.add(new String[] {row.getString(1), row.getString(2), row.getString(3)}),
                tenantId, workers, types, values, tenantId, tenantId);
        return rows;
    }

    /** Removes these (worker, type, value) rows and takes them off their identifiers' holder counts. */
    void remove(String tenantId, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Map<List<String>, Integer> gone = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        String[] workers = new String[rows.size()];
        String[] types = new String[rows.size()];
        String[] values = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            workers[i] = rows.get(i)[0];
            types[i] = rows.get(i)[1];
            values[i] = rows.get(i)[2];
            gone.merge(List.of(types[i], values[i]), 1, Integer::sum);
        }
        SetQuery.update(em, """
                        delete from worker_identifier w using unnest(?::varchar[], ?::varchar[], ?::varchar[]) as g(k, t, v)
                        where w.tenant_id = ? and w.worker_id = g.k and w.type = g.t and w.value = g.v""",
                workers, types, values, tenantId);
        String[] gTypes = gone.keySet().stream().map(k -> k.get(0)).toArray(String[]::new);
        String[] gValues = gone.keySet().stream().map(k -> k.get(1)).toArray(String[]::new);
        Long[] counts = gone.values().stream().map(Long::valueOf).toArray(Long[]::new);
        // the identifiers that lose every holder first, so that the decrement of the others cannot reach zero
        SetQuery.update(em, """
                        delete from identifier_holders h using unnest(?::varchar[], ?::varchar[], ?::bigint[]) as g(t, v, n)
                        where h.tenant_id = ? and h.type = g.t and h.value = g.v and h.holders <= g.n""",
                gTypes, gValues, counts, tenantId);
        SetQuery.update(em, """
                        update identifier_holders h set holders = h.holders - g.n
                        from unnest(?::varchar[], ?::varchar[], ?::bigint[]) as g(t, v, n)
                        where h.tenant_id = ? and h.type = g.t and h.value = g.v""",
                gTypes, gValues, counts, tenantId);
    }
}
