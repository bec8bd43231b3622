package dev.firebreak.aggregator.network;

import dev.firebreak.aggregator.config.AggregatorSettings;
import dev.firebreak.aggregator.evidence.SubjectEvidence;
import dev.firebreak.aggregator.network.LinkStore.Held;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Links between workers of one tenant through identifiers they share, kept in PostgreSQL so that every replica
 * agrees, and maintained incrementally: a new (worker, identifier) pair touches only the workers holding that
 * identifier and their clusters.
 * <p>
 * Identifiers link by the strength of what they prove (issue 30): a strong one ({@link #STRONG}: one document, photo,
 * payment account, wallet or device) or a medium one ({@link #MEDIUM}: an email, a phone, a referral) links its
 * holders; a weak one ({@link #WEAK}: an IP, an address) is kept and shown, but never links — an office, a coworking
 * space, a family's router, a VPN provider's exit are shared by people who have nothing else in common, and an
 * operation's workers share stronger things. An identifier held by more than the tenant's common threshold is a common
 * one — a university proxy, a payroll provider's account — and links nobody: {@code common-workers} (20), or in a
 * small tenant {@code common-share} of its workers (2 %) down to {@code common-floor} (10), so that an agency's
 * payroll account held by a quarter of a small platform's workers links nobody while a farm of ten sharing a device
 * still does. When an identifier becomes common, the clusters it joined are recomputed from their remaining links
 * (they may split); when the tenant's growth (or an erasure) moves its threshold, the identifiers between the old and
 * the new one are linked or unlinked first. The result
 * depends only on the set of (worker, identifier) pairs, not on their order: a replay yields the same clusters
 * with the same ids (the id derives from the tenant and the cluster's smallest worker id).
 * <p>
 * This class decides; {@link LinkGraph} holds the graph rules (what a new holder changes, components, walks) and
 * {@link LinkStore} the tables.
 */
@ApplicationScoped
public class Links {

    /** Identifiers one person or one operation holds: sharing one is strong evidence of a link. */
    public static final Set<String> STRONG = Set.of("DEVICE", "DOCUMENT", "PHOTO", "PAYMENT_ACCOUNT", "WALLET");
    /** Identifiers people rarely share by chance, but can (a family's phone, a recruiter's referral). */
    public static final Set<String> MEDIUM = Set.of("PHONE", "EMAIL", "REFERRAL");
    /** Identifiers unrelated people share every day: kept and shown, never a link. */
    public static final Set<String> WEAK = Set.of("IP", "ADDRESS");
    /** Observation types held per worker; PLATFORM_ACCOUNT / PAYMENT_PARTY say whose account or party it is. */
    public static final Set<String> LINKING = Set.of("DEVICE", "DOCUMENT", "PHOTO", "PAYMENT_ACCOUNT", "WALLET", "PHONE",
            "EMAIL", "ADDRESS", "REFERRAL", "IP");
    public static final String PLATFORM_ACCOUNT = "PLATFORM_ACCOUNT";
    public static final String PAYMENT_PARTY = "PAYMENT_PARTY";

    private final LinkStore store;
    private final int commonWorkers;
    private final double commonShare;
    private final int commonFloor;

    public Links(LinkStore store, AggregatorSettings.Network settings) {
        this.store = store;
        this.commonWorkers = settings.commonWorkers();
        this.commonShare = settings.commonShare();
        this.commonFloor = settings.commonFloor();
    }

    /** The common threshold of a tenant of {@code workers} workers: see the class comment. */
    public static int threshold(int workers, int commonWorkers, double commonShare, int commonFloor) {
        return Math.min(commonWorkers, Math.max(commonFloor, (int) Math.floor(commonShare * workers)));
    }

    /** Workers from which a tenant's threshold is {@code common-workers} whatever its size (counting stops there). */
    private int largeTenant() {
        return commonShare <= 0 ? 0 : (int) Math.ceil(commonWorkers / commonShare);
    }

    /**
     * The tenant's common threshold now, under the tenant's link lock; when it differs from the one its clusters were
     * made with, the identifiers between the two are linked (it rose) or unlinked (it fell) here first. A tenant
     * known to be large is not counted again unless {@code recount} (an erasure).
     *
     * @param touched collects the workers whose clusters changed
     */
    private int threshold(String tenantId, boolean recount, Set<String> touched) {
        int[] stored = store.storedThreshold(tenantId);
        int previous = stored[0] < 0 ? commonWorkers : stored[0]; // clusters made before tenants had one: the absolute
        int large = largeTenant();
        if (!recount && stored[0] == commonWorkers && stored[1] >= large) {
            return commonWorkers;
        }
        int workers = store.workers(tenantId, large + 1);
        int now = threshold(workers, commonWorkers, commonShare, commonFloor);
        if (now > previous) {
            List<List<String>> linking = store.holdersOfIdentifiersHeldBetween(tenantId, WEAK, previous, now);
            if (!linking.isEmpty()) {
                touched.addAll(merge(tenantId, linking));
            }
        } else if (now < previous) {
            Set<String> holders = new TreeSet<>();
            store.holdersOfIdentifiersHeldBetween(tenantId, WEAK, now, previous).forEach(holders::addAll);
            if (!holders.isEmpty()) {
                touched.addAll(recluster(tenantId, holders, now));
            }
        }
        if (now != stored[0] || workers != stored[1]) {
            store.storeThreshold(tenantId, now, workers);
        }
        return now;
    }

    /** STRONG, MEDIUM or WEAK. */
    public static String strength(String type) {
        return STRONG.contains(type) ? "STRONG" : MEDIUM.contains(type) ? "MEDIUM" : "WEAK";
    }

    /** One stored observation, as the linker needs it. */
    public record Seen(String tenantId, String workerId, String accountId, String partyId, String type, String value,
                       String source, Instant observedAt) {
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
        store.lock(tenantId);
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
        List<Held> added = store.upsert(tenantId, held.values());
        Set<String> touched = new TreeSet<>();
        int threshold = threshold(tenantId, false, touched);
        touched.addAll(link(tenantId, added, threshold));
        return touched;
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
        // the identifiers, worker to be filled in
        Map<String, List<Held>> bySubject = store.identifiersOf(tenantId, accounts, parties, LINKING.toArray(String[]::new));
        // a referral names the referrer's account: once the account is a worker's, that worker is the referrer, first
        // seen when (and by whom) the account first referred someone, as if the referral had come after the account
        Map<String, Held> firstReferral = store.firstReferrals(tenantId, accounts);
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
        store.owners(tenantId, accounts.toArray(String[]::new), parties.toArray(String[]::new),
                row -> owners.get((PLATFORM_ACCOUNT.equals(row.getString(1)) ? "A" : "P") + row.getString(2))
                        .add(row.getString(3)));
        return owners;
    }

    /**
     * The workers these rows (signals, observations) are about, per tenant: a row's own worker, else the workers its
     * platform account or payment party is tied to; one {@link #ownersOf} statement per tenant.
     */
    public Map<String, Set<String>> workersOf(Collection<? extends SubjectEvidence> rows) {
        return workersOf(rows, (row, worker) -> { });
    }

    /**
     * {@link #workersOf(Collection)}, telling {@code each} every (row, worker) pair: which worker each row concerns
     * (directly, or as the owner of its account or party).
     */
    public <T extends SubjectEvidence> Map<String, Set<String>> workersOf(Collection<T> rows,
                                                                         java.util.function.BiConsumer<T, String> each) {
        Map<String, Set<String>> accounts = new TreeMap<>();
        Map<String, Set<String>> parties = new TreeMap<>();
        Map<String, Set<String>> workers = new TreeMap<>();
        for (T r : rows) {
            if (r.workerId != null) {
                workers.computeIfAbsent(r.tenantId, t -> new TreeSet<>()).add(r.workerId);
                each.accept(r, r.workerId);
            } else if (r.accountId != null) {
                accounts.computeIfAbsent(r.tenantId, t -> new TreeSet<>()).add(r.accountId);
            } else if (r.partyId != null) {
                parties.computeIfAbsent(r.tenantId, t -> new TreeSet<>()).add(r.partyId);
            }
        }
        Set<String> tenants = new TreeSet<>(accounts.keySet());
        tenants.addAll(parties.keySet());
        for (String tenant : tenants) {
            Map<String, List<String>> owners = ownersOf(tenant, accounts.getOrDefault(tenant, Set.of()),
                    parties.getOrDefault(tenant, Set.of()));
            owners.values().forEach(o -> workers.computeIfAbsent(tenant, t -> new TreeSet<>()).addAll(o));
            for (T r : rows) {
                if (r.workerId == null && tenant.equals(r.tenantId)) {
                    owners.getOrDefault(subjectKey(r.accountId, r.partyId), List.of()).forEach(w -> each.accept(r, w));
                }
            }
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
     * Links or unlinks clusters as the identifiers that gained the {@code added} holders now require. Per identifier,
     * with {@code b} holders before the batch and {@code a} after: {@code a <= threshold} links its holders (their
     * clusters merge); {@code b <= threshold < a} makes it common in this batch, so the clusters it had joined are
     * recomputed from their remaining links (they may split); {@code b > threshold} was common already. Merges come
     * first, so a recluster sees them.
     */
    private Set<String> link(String tenantId, List<Held> added, int threshold) {
        Set<String> touched = new TreeSet<>();
        if (added.isEmpty()) {
            return touched;
        }
        Map<List<String>, List<String>> addedBy = new LinkedHashMap<>(); // (type, value) -> new holders
        for (Held h : added) {
            touched.add(h.worker());
            if (!WEAK.contains(h.type())) { // held, never linking
                addedBy.computeIfAbsent(List.of(h.type(), h.value()), k -> new ArrayList<>()).add(h.worker());
            }
        }
        if (addedBy.isEmpty()) {
            return touched;
        }
        List<List<String>> identifiers = new ArrayList<>(addedBy.keySet());
        // enough holders to tell "common before the batch" from the rest: threshold + 2 + new ones
        Map<List<String>, List<String>> holders = store.holders(tenantId,
                identifiers.stream().map(i -> i.get(0)).toArray(String[]::new),
                identifiers.stream().map(i -> i.get(1)).toArray(String[]::new),
                identifiers.stream().map(i -> Integer.toString(limit(threshold, addedBy.get(i).size()))).toArray(String[]::new));
        List<List<String>> merges = new ArrayList<>();
        Set<String> reclusters = new TreeSet<>();
        for (List<String> identifier : identifiers) {
            List<String> all = holders.getOrDefault(identifier, List.of());
            List<String> newHolders = addedBy.get(identifier);
            int after = all.size();
            switch (LinkGraph.change(after - newHolders.size(), after, threshold,
                    after >= limit(threshold, newHolders.size()))) {
                case MERGE -> merges.add(all);
                case BECAME_COMMON -> {
                    List<String> previous = new ArrayList<>(all);
                    previous.removeAll(newHolders);
                    reclusters.addAll(previous);
                }
                case NONE -> { }
            }
        }
        if (!merges.isEmpty()) {
            touched.addAll(merge(tenantId, merges));
        }
        if (!reclusters.isEmpty()) {
            touched.addAll(recluster(tenantId, reclusters, threshold));
        }
        return touched;
    }

    /** How many of an identifier's holders are counted: enough to tell one that was common before its new holders. */
    private static int limit(int threshold, int added) {
        return threshold + 2 + added;
    }

    /** Each group of holders becomes one cluster with every member of their clusters; groups sharing anyone join. */
    private Set<String> merge(String tenantId, List<List<String>> groups) {
        Set<String> workers = new TreeSet<>();
        groups.forEach(workers::addAll);
        List<String[]> sameCluster = new ArrayList<>();
        store.clusterMates(tenantId, workers, (x, y) -> sameCluster.add(new String[] {x, y}));
        List<Set<String>> components = LinkGraph.components(groups, sameCluster);
        assign(tenantId, components);
        Set<String> members = new TreeSet<>();
        components.forEach(members::addAll);
        return members;
    }

    /** Recomputes the clusters of these workers from their non-common links (clusters can only split here). */
    private Set<String> recluster(String tenantId, Collection<String> workers, int threshold) {
        Set<String> members = new TreeSet<>(workers);
        members.addAll(store.membersOfClustersOf(tenantId, workers));
        List<Set<String>> components = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        for (String start : members) {
            if (placed.contains(start)) {
                continue;
            }
            Set<String> component = new TreeSet<>(LinkGraph.reach(w -> LinkGraph.at(
                    store.linksOf(tenantId, List.of(w), WEAK, threshold, true).get(w), null), start, Integer.MAX_VALUE,
                    new TreeSet<>()).keySet());
            placed.addAll(component);
            components.add(component);
        }
        store.forgetClusters(tenantId, members);
        assign(tenantId, components);
        return members;
    }

    /** Each component of two or more workers is one cluster, named after its smallest worker. */
    private void assign(String tenantId, List<Set<String>> components) {
        List<String> workers = new ArrayList<>();
        List<String> clusters = new ArrayList<>();
        for (Set<String> component : components) {
            if (component.size() < 2) {
                continue;
            }
            String clusterId = LinkGraph.clusterId(tenantId, new TreeSet<>(component).first());
            for (String member : component) {
                workers.add(member);
                clusters.add(clusterId);
            }
        }
        store.assign(tenantId, workers, clusters);
    }

    /** The cluster of each of these workers that is linked to anyone (the others are left out). */
    public Map<String, Cluster> clustersOf(String tenantId, Collection<String> workers) {
        return store.clustersOf(tenantId, workers);
    }

    public List<String> members(String tenantId, String clusterId) {
        return store.members(tenantId, clusterId);
    }

    /** The worker's direct links at {@code asOf} (null: now), through strong and medium identifiers that are not common. */
    public List<Link> links(String tenantId, String workerId, Instant asOf) {
        return LinkGraph.at(linksOf(tenantId, List.of(workerId)).get(workerId), asOf);
    }

    /** Each worker's direct links (whenever made), through strong and medium identifiers that are not common. */
    public Map<String, List<Link>> linksOf(String tenantId, Collection<String> workers) {
        return store.linksOf(tenantId, workers, WEAK, commonWorkers, false);
    }

    /**
     * Breadth-first from {@code start} over links at {@code asOf}: every reachable worker (at most {@code limit}), in
     * order of distance then id, each with the link it was reached by (null for the start).
     */
    public Map<String, Link> reach(String tenantId, String start, Instant asOf, int limit) {
        return LinkGraph.reach(w -> links(tenantId, w, asOf), start, limit, new TreeSet<>());
    }

    /** Erasure: the worker's identifiers and cluster row; the clusters it joined are recomputed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> erase(String tenantId, String workerId) {
        store.lock(tenantId);
        List<String> others = new ArrayList<>(store.membersOfClustersOf(tenantId, List.of(workerId)));
        others.remove(workerId);
        store.erase(tenantId, workerId);
        Set<String> touched = new TreeSet<>();
        int threshold = threshold(tenantId, true, touched);
        if (!others.isEmpty()) {
            touched.addAll(recluster(tenantId, others, threshold));
        }
        return touched;
    }

    /**
     * Retention: the observations behind some links were deleted; the (worker, identifier) rows no kept observation
     * supports any more go too (holders recounted), and the clusters of the workers who lost one are recomputed, as for
     * an erasure. {@code workers} lost an account or party they were tied to (all their rows are checked), the
     * {@code identifiers} ({@code [type, value]}) lost observations (every holder's row is checked).
     *
     * @return the workers whose links changed (their assessments need recomputing)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> prune(String tenantId, Collection<String> workers, Collection<List<String>> identifiers) {
        store.lock(tenantId);
        List<String[]> gone = store.unsupported(tenantId, workers.toArray(String[]::new),
                identifiers.stream().map(i -> i.get(0)).toArray(String[]::new),
                identifiers.stream().map(i -> i.get(1)).toArray(String[]::new));
        Set<String> touched = new TreeSet<>();
        if (gone.isEmpty()) {
            return touched;
        }
        Set<String> losers = new TreeSet<>();
        gone.forEach(row -> losers.add(row[0]));
        store.remove(tenantId, gone);
        int threshold = threshold(tenantId, true, touched);
        touched.addAll(recluster(tenantId, losers, threshold));
        touched.addAll(losers);
        return touched;
    }
}
