package dev.firebreak.aggregator.network;

import dev.firebreak.aggregator.evidence.SetQuery;
import dev.firebreak.aggregator.evidence.SubjectEvidence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Links between workers of one tenant through identifiers they share, kept in PostgreSQL so that every replica
 * agrees, and maintained incrementally: a new (worker, identifier) pair touches only the workers holding that
 * identifier and their clusters.
 * <p>
 * An identifier held by more than {@code common-workers} workers ({@code common-workers-ip} for IPs) is a common
 * one — a carrier NAT, a university proxy, a payroll provider's account — and links nobody. When an identifier
 * becomes common, the clusters it joined are recomputed from their remaining links (they may split). The result
 * depends only on the set of (worker, identifier) pairs, not on their order: a replay yields the same clusters
 * with the same ids (the id derives from the tenant and the cluster's smallest worker id).
 */
@ApplicationScoped
public class Links {

    /** Observation types that link workers; PLATFORM_ACCOUNT / PAYMENT_PARTY say whose account or party it is. */
    public static final Set<String> LINKING = Set.of("DEVICE", "DOCUMENT", "PHOTO", "PAYMENT_ACCOUNT", "WALLET", "PHONE",
            "EMAIL", "ADDRESS", "REFERRAL", "IP");
    public static final String PLATFORM_ACCOUNT = "PLATFORM_ACCOUNT";
    public static final String PAYMENT_PARTY = "PAYMENT_PARTY";

    private final EntityManager em;
    private final int commonWorkers;
    private final int commonWorkersIp;

    public Links(EntityManager em,
                 @ConfigProperty(name = "firebreak.network.common-workers", defaultValue = "20") int commonWorkers,
                 @ConfigProperty(name = "firebreak.network.common-workers-ip", defaultValue = "5") int commonWorkersIp) {
        this.em = em;
        this.commonWorkers = commonWorkers;
        this.commonWorkersIp = commonWorkersIp;
    }

    private int commonThreshold(String type) {
        return "IP".equals(type) ? commonWorkersIp : commonWorkers;
    }

    /** One stored observation, as the linker needs it. */
    public record Seen(String tenantId, String workerId, String accountId, String partyId, String type, String value,
                       String source, Instant observedAt) {
    }

    /** A (worker, identifier) pair to hold, with who saw it first and when. */
    private record Held(String worker, String type, String value, String source, Instant seen) {

        String key() {
            return type + "\u001f" + value + "\u001f" + worker;
        }

        /** The earlier sighting; at the same time the source first in order (as the upsert keeps it). */
        Held earlier(Held other) {
            int c = seen.compareTo(other.seen);
            return c < 0 || c == 0 && source.compareTo(other.source) <= 0 ? this : other;
        }
    }

    /**
     * Takes a consumer batch's newly stored observations of one tenant into the link graph, in a fixed number of
     * statements whatever the batch's size: the (worker, identifier) pairs they imply are upserted together, then
     * each identifier that gained holders is classified once by its holder count before and after the batch (alone;
     * linking: merge; crossed the common threshold in this batch: recluster; common already: nothing). Because
     * clusters depend only on the set of pairs (see the class comment), the result is the one the observations
     * taken one at a time would give; {@code LinkBatchTest} checks that on random batches.
     *
     * @return the workers whose links changed or who gained an identifier (their assessments need recomputing)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> onObservations(String tenantId, List<Seen> observations) {
        List<Seen> owning = new ArrayList<>(); // "this account / party is the worker's"
        List<Seen> linking = new ArrayList<>(); // an identifier of a worker, or of an account or party
        for (Seen o : observations) {
            boolean owner = PLATFORM_ACCOUNT.equals(o.type()) || PAYMENT_PARTY.equals(o.type());
            if (owner && o.workerId() != null) {
                owning.add(o);
            } else if (owner || LINKING.contains(o.type())) {
                linking.add(o);
            }
        }
        if (owning.isEmpty() && linking.isEmpty()) {
            return new TreeSet<>();
        }
        lock(tenantId);
        Map<String, Held> held = new HashMap<>();
        Consumer<Held> hold = h -> held.merge(h.key(), h, Held::earlier);
        holdOwned(tenantId, owning, hold);
        Set<String> accounts = new TreeSet<>();
        Set<String> parties = new TreeSet<>();
        for (Seen o : linking) {
            if (o.workerId() == null && o.accountId() != null) {
                accounts.add(o.accountId());
            } else if (o.workerId() == null && o.partyId() != null) {
                parties.add(o.partyId());
            }
            if ("REFERRAL".equals(o.type())) {
                accounts.add(o.value()); // the value is the referrer's platform account
            }
        }
        Map<String, List<String>> owners = ownersOf(tenantId, accounts, parties);
        for (Seen o : linking) {
            String subject = subjectKey(o.accountId(), o.partyId());
            List<String> workers = o.workerId() != null ? List.of(o.workerId())
                    : subject != null ? owners.get(subject) : List.of();
            for (String worker : workers) {
                hold.accept(new Held(worker, o.type(), o.value(), o.source(), o.observedAt()));
            }
            if ("REFERRAL".equals(o.type())) {
                // referrer and referred share the referral
                for (String referrer : owners.get(account(o.value()))) {
                    hold.accept(new Held(referrer, "REFERRAL", o.value(), o.source(), o.observedAt()));
                }
            }
        }
        return link(tenantId, upsert(tenantId, held.values()));
    }

    /** The identifiers an account or party has, seen before or after it became the worker's, become the worker's. */
    private void holdOwned(String tenantId, List<Seen> owning, Consumer<Held> hold) {
        if (owning.isEmpty()) {
            return;
        }
        String[] accounts = owning.stream().filter(o -> PLATFORM_ACCOUNT.equals(o.type())).map(Seen::value)
                .distinct().toArray(String[]::new);
        String[] parties = owning.stream().filter(o -> PAYMENT_PARTY.equals(o.type())).map(Seen::value)
                .distinct().toArray(String[]::new);
        Map<String, List<Held>> bySubject = new HashMap<>(); // the identifiers, worker to be filled in
        SetQuery.once(em, """
                        select 'A' || account_id, type, value, source, observed_at from observation
                          where tenant_id = ? and account_id = any(?) and type = any(?)
                        union all
                        select 'P' || party_id, type, value, source, observed_at from observation
                          where tenant_id = ? and party_id = any(?) and type = any(?)""",
                row -> bySubject.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(new Held(null,
                        row.getString(2), row.getString(3), row.getString(4), SetQuery.instant(row, "observed_at"))),
                tenantId, accounts, LINKING.toArray(String[]::new), tenantId, parties, LINKING.toArray(String[]::new));
        // a referral names the referrer's account: once the account is a worker's, that worker is the referrer, first
        // seen when (and by whom) the account first referred someone, as if the referral had come after the account
        Map<String, Held> firstReferral = new HashMap<>();
        SetQuery.once(em, """
                        select distinct on (value) value, source, observed_at from observation
                          where tenant_id = ? and type = 'REFERRAL' and value = any(?)
                          order by value, observed_at, source""",
                row -> firstReferral.put(row.getString(1), new Held(null, "REFERRAL", row.getString(1), row.getString(2),
                        SetQuery.instant(row, "observed_at"))), tenantId, accounts);
        for (Seen o : owning) {
            boolean account = PLATFORM_ACCOUNT.equals(o.type());
            for (Held h : bySubject.getOrDefault((account ? "A" : "P") + o.value(), List.of())) {
                hold.accept(new Held(o.workerId(), h.type(), h.value(), h.source(), h.seen()));
            }
            Held first = account ? firstReferral.get(o.value()) : null;
            if (first != null) {
                hold.accept(new Held(o.workerId(), first.type(), first.value(), first.source(), first.seen()));
            }
        }
    }

    /**
     * The workers each account and party is tied to (by PLATFORM_ACCOUNT / PAYMENT_PARTY observations), in order,
     * keyed by {@link #account} / {@link #party}; one statement for all. Every subject asked about has an entry.
     */
    public Map<String, List<String>> ownersOf(String tenantId, Collection<String> accounts, Collection<String> parties) {
        Map<String, List<String>> owners = new HashMap<>();
        accounts.forEach(a -> owners.put(account(a), new ArrayList<>()));
        parties.forEach(p -> owners.put(party(p), new ArrayList<>()));
        if (owners.isEmpty()) {
            return owners;
        }
        SetQuery.once(em, """
                        select distinct type, value, worker_id from observation where tenant_id = ? and worker_id is not null
                          and (type = 'PLATFORM_ACCOUNT' and value = any(?) or type = 'PAYMENT_PARTY' and value = any(?))
                        order by type, value, worker_id""",
                row -> owners.get((PLATFORM_ACCOUNT.equals(row.getString(1)) ? "A" : "P") + row.getString(2))
                        .add(row.getString(3)),
                tenantId, accounts.toArray(String[]::new), parties.toArray(String[]::new));
        return owners;
    }

    /**
     * The workers these rows (signals, observations) are about, per tenant: a row's own worker, else the workers its
     * platform account or payment party is tied to; one {@link #ownersOf} statement per tenant.
     */
    public Map<String, Set<String>> workersOf(Collection<? extends SubjectEvidence> rows) {
        Map<String, Set<String>> accounts = new java.util.TreeMap<>();
        Map<String, Set<String>> parties = new java.util.TreeMap<>();
        Map<String, Set<String>> workers = new java.util.TreeMap<>();
        for (SubjectEvidence r : rows) {
            if (r.workerId != null) {
                workers.computeIfAbsent(r.tenantId, t -> new TreeSet<>()).add(r.workerId);
            } else if (r.accountId != null) {
                accounts.computeIfAbsent(r.tenantId, t -> new TreeSet<>()).add(r.accountId);
            } else if (r.partyId != null) {
                parties.computeIfAbsent(r.tenantId, t -> new TreeSet<>()).add(r.partyId);
            }
        }
        Set<String> tenants = new TreeSet<>(accounts.keySet());
        tenants.addAll(parties.keySet());
        for (String tenant : tenants) {
            ownersOf(tenant, accounts.getOrDefault(tenant, Set.of()), parties.getOrDefault(tenant, Set.of()))
                    .values().forEach(owners -> workers.computeIfAbsent(tenant, t -> new TreeSet<>()).addAll(owners));
        }
        return workers;
    }

    /** {@link #ownersOf}'s key of an account. */
    public static String account(String accountId) {
        return "A" + accountId;
    }

    /** {@link #ownersOf}'s key of a payment party. */
    public static String party(String partyId) {
        return "P" + partyId;
    }

    /** {@link #ownersOf}'s key of a subject without a worker: its account if it names one, else its party; or null. */
    public static String subjectKey(String accountId, String partyId) {
        return accountId != null ? account(accountId) : partyId != null ? party(partyId) : null;
    }

    /**
     * Upserts the pairs (an existing pair keeps its first sighting) in one statement.
     *
     * @return the pairs that were new
     */
    private List<Held> upsert(String tenantId, Collection<Held> pairs) {
        List<Held> sorted = pairs.stream().sorted(Comparator.comparing(Held::type).thenComparing(Held::value)
                .thenComparing(Held::worker)).toList(); // key order: replicas never deadlock on these rows
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

    /** Adds the new pairs to their identifiers' holder counts ({@code identifier_holders}), in one statement. */
    private void countHolders(String tenantId, List<Held> inserted) {
        Map<List<String>, Integer> added = new java.util.TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1))); // key order, as the pairs: replicas never deadlock on these rows
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

    /**
     * Links or unlinks clusters as the identifiers that gained the {@code added} holders now require. Per identifier,
     * with {@code b} holders before the batch and {@code a} after: {@code a <= threshold} links its holders (their
     * clusters merge); {@code b <= threshold < a} makes it common in this batch, so the clusters it had joined are
     * recomputed from their remaining links (they may split); {@code b > threshold} was common already. Merges come
     * first, so a recluster sees them.
     */
    private Set<String> link(String tenantId, List<Held> added) {
        Set<String> touched = new TreeSet<>();
        if (added.isEmpty()) {
            return touched;
        }
        Map<List<String>, List<String>> addedBy = new LinkedHashMap<>(); // (type, value) -> new holders
        for (Held h : added) {
            addedBy.computeIfAbsent(List.of(h.type(), h.value()), k -> new ArrayList<>()).add(h.worker());
            touched.add(h.worker());
        }
        List<List<String>> identifiers = new ArrayList<>(addedBy.keySet());
        Map<List<String>, List<String>> holders = new HashMap<>();
        // enough holders to tell "common before the batch" (b > threshold) from the rest: threshold + 2 + new ones
        SetQuery.once(em, """
                        select i.type, i.value, h.worker_id
                        from unnest(?::varchar[], ?::varchar[], ?::varchar[]) as i(type, value, lim)
                        cross join lateral (select w.worker_id from worker_identifier w
                             where w.tenant_id = ? and w.type = i.type and w.value = i.value
                             order by w.worker_id limit i.lim::int) h""",
                row -> holders.computeIfAbsent(List.of(row.getString(1), row.getString(2)), k -> new ArrayList<>())
                        .add(row.getString(3)),
                identifiers.stream().map(i -> i.get(0)).toArray(String[]::new),
                identifiers.stream().map(i -> i.get(1)).toArray(String[]::new),
                identifiers.stream().map(i -> Integer.toString(commonThreshold(i.get(0)) + 2 + addedBy.get(i).size()))
                        .toArray(String[]::new),
                tenantId);
        List<List<String>> merges = new ArrayList<>();
        Set<String> reclusters = new TreeSet<>();
        for (List<String> identifier : identifiers) {
            List<String> all = holders.getOrDefault(identifier, List.of());
            int threshold = commonThreshold(identifier.get(0));
            int after = all.size();
            int before = after - addedBy.get(identifier).size();
            if (after < 2 || after >= threshold + 2 + addedBy.get(identifier).size()) {
                continue; // alone, or common before the batch (the count was cut at the limit)
            }
            if (after <= threshold) {
                merges.add(all);
            } else if (before <= threshold && before >= 2) {
                // just became common: what it had joined may fall apart (with fewer than 2 it had joined nothing)
                List<String> previous = new ArrayList<>(all);
                previous.removeAll(addedBy.get(identifier));
                reclusters.addAll(previous);
            }
        }
        if (!merges.isEmpty()) {
            touched.addAll(merge(tenantId, merges));
        }
        if (!reclusters.isEmpty()) {
            touched.addAll(recluster(tenantId, reclusters));
        }
        return touched;
    }

    /** Each group of holders becomes one cluster with every member of their clusters; groups sharing anyone join. */
    private Set<String> merge(String tenantId, List<List<String>> groups) {
        Set<String> workers = new TreeSet<>();
        groups.forEach(workers::addAll);
        Graph<String, DefaultEdge> graph = new SimpleGraph<>(DefaultEdge.class);
        BiConsumer<String, String> join = (x, y) -> {
            graph.addVertex(x);
            graph.addVertex(y);
            if (!x.equals(y)) {
                graph.addEdge(x, y);
            }
        };
        groups.forEach(g -> g.forEach(w -> join.accept(g.getFirst(), w)));
        SetQuery.run(em, """
                        select c.worker_id, m.worker_id from worker_cluster c
                        join worker_cluster m on m.tenant_id = c.tenant_id and m.cluster_id = c.cluster_id
                        where c.tenant_id = ? and c.worker_id = any(?)""",
                workers, row -> join.accept(row.getString(1), row.getString(2)), tenantId, SetQuery.WORKERS);
        List<Set<String>> components = new ConnectivityInspector<>(graph).connectedSets();
        assign(tenantId, components);
        Set<String> members = new TreeSet<>();
        components.forEach(members::addAll);
        return members;
    }

    /** Recomputes the clusters of these workers from their non-common links (clusters can only split here). */
    private Set<String> recluster(String tenantId, Collection<String> workers) {
        Set<String> members = new TreeSet<>(workers);
        members.addAll(membersOfClustersOf(tenantId, workers));
        List<Set<String>> components = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        for (String start : members) {
            if (placed.contains(start)) {
                continue;
            }
            Set<String> component = new TreeSet<>(reach(tenantId, start, null, Integer.MAX_VALUE).keySet());
            placed.addAll(component);
            components.add(component);
        }
        em.createNativeQuery("delete from worker_cluster where tenant_id = ?1 and worker_id in (?2)")
                .setParameter(1, tenantId).setParameter(2, members).executeUpdate();
        assign(tenantId, components);
        return members;
    }

    private List<String> membersOfClustersOf(String tenantId, Collection<String> workers) {
        @SuppressWarnings("unchecked")
        List<String> members = em.createNativeQuery("""
                        select m.worker_id from worker_cluster m where m.tenant_id = ?1 and m.cluster_id in
                          (select c.cluster_id from worker_cluster c where c.tenant_id = ?1 and c.worker_id in (?2))""")
                .setParameter(1, tenantId).setParameter(2, workers).getResultList();
        return members;
    }

    /**
     * Each component of two or more workers is one cluster, named after its smallest worker; one statement. A member
     * whose cluster keeps its id is not written again: a worker joining a cluster rewrote every member's row (259,000
     * rows for 108,000 observations in the aggregator benchmark), each a dead version for vacuum.
     */
    private void assign(String tenantId, List<Set<String>> components) {
        List<String> workers = new ArrayList<>();
        List<String> clusters = new ArrayList<>();
        for (Set<String> component : components) {
            if (component.size() < 2) {
                continue;
            }
            String clusterId = clusterId(tenantId, new TreeSet<>(component).first());
            for (String member : component) {
                workers.add(member);
                clusters.add(clusterId);
            }
        }
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

    static String clusterId(String tenantId, String smallestWorker) {
        return "cl-" + UUID.nameUUIDFromBytes((tenantId + "\u001f" + smallestWorker).getBytes(StandardCharsets.UTF_8));
    }

    /** A worker's cluster: its id and how many workers it has. */
    public record Cluster(String id, int size) {
    }

    /** The cluster of each of these workers that is linked to anyone (the others are left out). */
    public Map<String, Cluster> clustersOf(String tenantId, Collection<String> workers) {
        Map<String, Cluster> clusters = new HashMap<>();
        SetQuery.run(em, """
                        select c.worker_id, c.cluster_id, s.n from worker_cluster c
                        cross join lateral (select count(*) n from worker_cluster m
                             where m.tenant_id = c.tenant_id and m.cluster_id = c.cluster_id) s
                        where c.tenant_id = ? and c.worker_id = any(?)""",
                workers, row -> clusters.put(row.getString(1), new Cluster(row.getString(2), row.getInt(3))),
                tenantId, SetQuery.WORKERS);
        return clusters;
    }

    public List<String> members(String tenantId, String clusterId) {
        @SuppressWarnings("unchecked")
        List<String> members = em.createNativeQuery("select worker_id from worker_cluster where tenant_id = ?1"
                        + " and cluster_id = ?2 order by worker_id")
                .setParameter(1, tenantId).setParameter(2, clusterId).getResultList();
        return members;
    }

    /** A shared identifier between two workers: which, who saw it (per side), since when the two share it. */
    public record Link(String from, String to, String type, String value, String fromSource, String toSource,
                       Instant since) {
    }

    /** The worker's direct links at {@code asOf} (null: now), through identifiers that are not common. */
    public List<Link> links(String tenantId, String workerId, Instant asOf) {
        return at(linksOf(tenantId, List.of(workerId)).get(workerId), asOf);
    }

    /** The links of those that exist at {@code asOf} (null: all). */
    public static List<Link> at(List<Link> links, Instant asOf) {
        return asOf == null ? links : links.stream().filter(l -> !l.since().isAfter(asOf)).toList();
    }

    /**
     * Each worker's direct links (whenever made: a link exists from {@code since}), through identifiers that are not
     * common, in order of the other worker, then identifier; one statement for the whole set. The linking identifiers
     * are found first (a CTE the planner cannot fold in), then their other holders. Joined the other way round, the
     * generic plan PostgreSQL chose on a copy of the benchmark's store (before V10's indexes) read every holder of the
     * common IPs first: 255–295 ms instead of 29–36 ms for 500 workers.
     */
    public Map<String, List<Link>> linksOf(String tenantId, Collection<String> workers) {
        Map<String, List<Link>> byWorker = new HashMap<>();
        workers.forEach(w -> byWorker.put(w, new ArrayList<>()));
        SetQuery.run(em, """
                        with linking as materialized (
                          select mine.tenant_id, mine.worker_id, mine.type, mine.value, mine.source, mine.first_seen
                          from worker_identifier mine
                          join identifier_holders h on h.tenant_id = mine.tenant_id and h.type = mine.type
                               and h.value = mine.value
                          where mine.tenant_id = ? and mine.worker_id = any(?)
                            and h.holders between 2 and case when mine.type = 'IP' then ? else ? end)
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
                }, tenantId, SetQuery.WORKERS, commonWorkersIp, commonWorkers);
        return byWorker;
    }

    /**
     * Breadth-first from {@code start} over links at {@code asOf}: every reachable worker (at most {@code limit}), in
     * order of distance then id, each with the link it was reached by (null for the start).
     */
    public Map<String, Link> reach(String tenantId, String start, Instant asOf, int limit) {
        return reach(w -> links(tenantId, w, asOf), start, limit, new TreeSet<>());
    }

    /**
     * {@link #reach(String, String, Instant, int)} over the links {@code linksOf} gives; null as soon as it gives
     * null for a worker on the way (its links are not at hand), with that worker and every other queued one whose
     * links are not at hand added to {@code missing}: the caller fetches them all at once and walks again.
     */
    public static Map<String, Link> reach(Function<String, List<Link>> linksOf, String start, int limit,
                                          Set<String> missing) {
        return reach(linksOf, start, limit, missing, Integer.MAX_VALUE);
    }

    /**
     * {@link #reach(Function, String, int, Set)} that stops once it has reached {@code component} workers: the size
     * of the start's cluster, the connected component of its non-common links, so nobody is left to reach, and the
     * links of the last ones reached need not be fetched (a cluster of three: its own links, not its neighbours').
     * Links at an earlier {@code asOf} are a subset of the cluster's, so a walk at that time stops no earlier.
     */
    public static Map<String, Link> reach(Function<String, List<Link>> linksOf, String start, int limit,
                                          Set<String> missing, int component) {
        Map<String, Link> reached = new LinkedHashMap<>();
        reached.put(start, null);
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty() && reached.size() < limit && reached.size() < component) {
            String worker = queue.poll();
            List<Link> direct = linksOf.apply(worker);
            if (direct == null) {
                missing.add(worker);
                queue.stream().filter(w -> linksOf.apply(w) == null).forEach(missing::add);
                return null;
            }
            Map<String, Link> firstPerNeighbour = new HashMap<>();
            for (Link link : direct) {
                firstPerNeighbour.putIfAbsent(link.to(), link);
            }
            for (String next : new TreeSet<>(firstPerNeighbour.keySet())) {
                if (!reached.containsKey(next) && reached.size() < limit) {
                    reached.put(next, firstPerNeighbour.get(next));
                    queue.add(next);
                }
            }
        }
        return reached;
    }

    /** The chain of links from the start of a {@link #reach} to {@code worker}, start first. */
    public static List<Link> path(Map<String, Link> reached, String worker) {
        List<Link> path = new ArrayList<>();
        Link link = reached.get(worker);
        while (link != null) {
            path.addFirst(link);
            link = reached.get(link.from());
        }
        return path;
    }

    /** Erasure: the worker's identifiers and cluster row; the clusters it joined are recomputed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> erase(String tenantId, String workerId) {
        lock(tenantId);
        List<String> others = new ArrayList<>(membersOfClustersOf(tenantId, List.of(workerId)));
        others.remove(workerId);
        // the identifiers' holder counts lose the worker: one it alone held goes (it is the worker's), first, so that the
        // decrement of the others cannot bring one down to the count the delete looks for
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
        return others.isEmpty() ? Set.of() : recluster(tenantId, others);
    }

    /** One tenant's link maintenance at a time, across replicas (transaction-scoped advisory lock). */
    private void lock(String tenantId) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "links:" + tenantId)
                .getSingleResult();
    }
}
