package dev.firebreak.aggregator.network;

import dev.firebreak.aggregator.evidence.SetQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
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

    /**
     * Takes a newly stored observation into the link graph.
     *
     * @return the workers whose links changed (their assessments and their clusters' need recomputing)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> onObservation(Seen o) {
        Set<String> touched = new TreeSet<>();
        boolean owner = PLATFORM_ACCOUNT.equals(o.type()) || PAYMENT_PARTY.equals(o.type());
        if (!owner && !LINKING.contains(o.type())) {
            return touched;
        }
        lock(o.tenantId());
        if (owner && o.workerId() != null) {
            // the account's or party's identifiers, seen before or after this link, become the worker's too
            String column = PLATFORM_ACCOUNT.equals(o.type()) ? "account_id" : "party_id";
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select type, value, source, observed_at from observation"
                            + " where tenant_id = ?1 and " + column + " = ?2 and type in (?3)")
                    .setParameter(1, o.tenantId()).setParameter(2, o.value()).setParameter(3, LINKING)
                    .getResultList();
            for (Object[] row : rows) {
                touched.addAll(add(o.tenantId(), o.workerId(), (String) row[0], (String) row[1], (String) row[2],
                        dev.firebreak.kit.persistence.Timestamps.instant(row[3])));
            }
            if (PLATFORM_ACCOUNT.equals(o.type())) {
                // a referral names the referrer's account: the referrer is now known
                Instant first = firstReferral(o.tenantId(), o.value());
                if (first != null) {
                    touched.addAll(add(o.tenantId(), o.workerId(), "REFERRAL", o.value(), o.source(), first));
                }
            }
            return touched;
        }
        for (String worker : owners(o.tenantId(), o.workerId(), o.accountId(), o.partyId())) {
            touched.addAll(add(o.tenantId(), worker, o.type(), o.value(), o.source(), o.observedAt()));
        }
        if ("REFERRAL".equals(o.type())) {
            // the value is the referrer's platform account: referrer and referred share the referral
            for (String referrer : owners(o.tenantId(), null, o.value(), null)) {
                touched.addAll(add(o.tenantId(), referrer, "REFERRAL", o.value(), o.source(), o.observedAt()));
            }
        }
        return touched;
    }

    /** The workers a subject belongs to: the worker itself, or those its account or party is tied to. */
    public List<String> owners(String tenantId, String workerId, String accountId, String partyId) {
        if (workerId != null) {
            return List.of(workerId);
        }
        String type = accountId != null ? PLATFORM_ACCOUNT : PAYMENT_PARTY;
        String value = accountId != null ? accountId : partyId;
        if (value == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<String> workers = em.createNativeQuery("select distinct worker_id from observation where tenant_id = ?1"
                        + " and type = ?2 and value = ?3 and worker_id is not null order by worker_id")
                .setParameter(1, tenantId).setParameter(2, type).setParameter(3, value).getResultList();
        return workers;
    }

    private Instant firstReferral(String tenantId, String referrerAccount) {
        Object first = em.createNativeQuery("select min(observed_at) from observation where tenant_id = ?1"
                        + " and type = 'REFERRAL' and value = ?2")
                .setParameter(1, tenantId).setParameter(2, referrerAccount).getSingleResult();
        return first == null ? null : dev.firebreak.kit.persistence.Timestamps.instant(first);
    }

    /** Adds (worker, identifier); links or unlinks clusters as its holders now require. */
    private Set<String> add(String tenantId, String worker, String type, String value, String source, Instant seen) {
        Object inserted = em.createNativeQuery("""
                        insert into worker_identifier as w (tenant_id, type, value, worker_id, source, first_seen)
                        values (?1, ?2, ?3, ?4, ?5, ?6)
                        on conflict (tenant_id, type, value, worker_id) do update
                          set first_seen = least(w.first_seen, excluded.first_seen),
                              source = case when (excluded.first_seen, excluded.source) < (w.first_seen, w.source)
                                            then excluded.source else w.source end
                        returning (xmax = 0)""")
                .setParameter(1, tenantId).setParameter(2, type).setParameter(3, value).setParameter(4, worker)
                .setParameter(5, source).setParameter(6, seen).getSingleResult();
        if (!Boolean.TRUE.equals(inserted)) {
            return Set.of();
        }
        int threshold = commonThreshold(type);
        List<String> holders = holders(tenantId, type, value, threshold + 2);
        if (holders.size() < 2 || holders.size() > threshold + 1) {
            return holders.size() < 2 ? Set.of(worker) : Set.of(); // alone, or common already
        }
        if (holders.size() == threshold + 1) {
            return recluster(tenantId, holders); // it has just become common: what it joined may fall apart
        }
        return merge(tenantId, holders);
    }

    private List<String> holders(String tenantId, String type, String value, int limit) {
        @SuppressWarnings("unchecked")
        List<String> workers = em.createNativeQuery("select worker_id from worker_identifier where tenant_id = ?1"
                        + " and type = ?2 and value = ?3 order by worker_id limit ?4")
                .setParameter(1, tenantId).setParameter(2, type).setParameter(3, value).setParameter(4, limit)
                .getResultList();
        return workers;
    }

    /** One cluster of the holders and every member of their clusters. */
    private Set<String> merge(String tenantId, Collection<String> holders) {
        Set<String> members = new TreeSet<>(holders);
        members.addAll(membersOfClustersOf(tenantId, holders));
        assign(tenantId, List.of(members));
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

    private void assign(String tenantId, List<Set<String>> components) {
        for (Set<String> component : components) {
            if (component.size() < 2) {
                continue;
            }
            String clusterId = clusterId(tenantId, ((TreeSet<String>) component).first());
            for (String member : component) {
                em.createNativeQuery("""
                                insert into worker_cluster (tenant_id, worker_id, cluster_id) values (?1, ?2, ?3)
                                on conflict (tenant_id, worker_id) do update set cluster_id = excluded.cluster_id""")
                        .setParameter(1, tenantId).setParameter(2, member).setParameter(3, clusterId).executeUpdate();
            }
        }
    }

    static String clusterId(String tenantId, String smallestWorker) {
        return "cl-" + UUID.nameUUIDFromBytes((tenantId + "\u001f" + smallestWorker).getBytes(StandardCharsets.UTF_8));
    }

    /** The cluster of each of these workers that is linked to anyone (the others are left out). */
    public Map<String, String> clustersOf(String tenantId, Collection<String> workers) {
        Map<String, String> clusters = new HashMap<>();
        SetQuery.run(em, "select worker_id, cluster_id from worker_cluster where tenant_id = ? and worker_id = any(?)",
                workers, row -> clusters.put(row.getString(1), row.getString(2)), tenantId, SetQuery.WORKERS);
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
     * common, in order of the other worker, then identifier; one statement for the whole set.
     */
    public Map<String, List<Link>> linksOf(String tenantId, Collection<String> workers) {
        Map<String, List<Link>> byWorker = new HashMap<>();
        workers.forEach(w -> byWorker.put(w, new ArrayList<>()));
        SetQuery.run(em, """
                        select mine.worker_id as owner, mine.type, mine.value, other.worker_id, mine.source, other.source,
                               greatest(mine.first_seen, other.first_seen) as since
                        from worker_identifier mine
                        cross join lateral (select count(*) n from (select 1 from worker_identifier c
                             where c.tenant_id = mine.tenant_id and c.type = mine.type and c.value = mine.value
                             limit ?) x) holders
                        join worker_identifier other on other.tenant_id = mine.tenant_id and other.type = mine.type
                             and other.value = mine.value and other.worker_id <> mine.worker_id
                        where mine.tenant_id = ? and mine.worker_id = any(?)
                          and holders.n <= case when mine.type = 'IP' then ? else ? end
                        order by mine.worker_id, other.worker_id, mine.type, mine.value""",
                workers, row -> {
                    String owner = row.getString(1);
                    byWorker.get(owner).add(new Link(owner, row.getString(4), row.getString(2), row.getString(3),
                            row.getString(5), row.getString(6), SetQuery.instant(row, "since")));
                }, Math.max(commonWorkers, commonWorkersIp) + 1, tenantId, SetQuery.WORKERS, commonWorkersIp, commonWorkers);
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
        Map<String, Link> reached = new LinkedHashMap<>();
        reached.put(start, null);
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty() && reached.size() < limit) {
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
