package dev.firebreak.aggregator.assessment;

import dev.firebreak.aggregator.evidence.EvidenceReader;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.network.Cluster;
import dev.firebreak.aggregator.network.Link;
import dev.firebreak.aggregator.network.LinkGraph;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.aggregator.review.Reviews;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The stored evidence of the workers one computation at one {@code asOf} reads — one assessment, or a batch of
 * refreshes — loaded set-wise and held for that computation (one transaction). Whatever is not loaded yet is read
 * when first asked for, so a result never depends on what was fetched ahead: {@link #prefetch} and
 * {@link #reachAll} only turn many round trips into few.
 */
public final class Evidence {

    private final String tenantId;
    private final Instant asOf;
    private final EvidenceReader reader;
    private final Links links;
    private final Reviews reviews;
    /** Whether the signals' evidence is read: an assessment shows it, the stored state does not need it. */
    private final boolean withEvidence;

    private final Set<String> loaded = new HashSet<>();
    private final Map<String, List<StoredSignal>> signals = new HashMap<>();
    private final Map<String, List<StoredObservation>> facts = new HashMap<>();
    private final Set<String> known = new HashSet<>();
    private final Map<String, List<Reviews.Review>> reviewsOf = new HashMap<>();
    private final Map<String, Cluster> clusters = new HashMap<>();
    private final Map<String, List<Link>> linksOf = new HashMap<>();
    /** Tiers without NW-01 already computed (null: the worker is unknown): NW-01 and NW-02 of a batch ask again. */
    private final Map<String, Tier> baseTiers = new HashMap<>();
    /** Walks already made, by limit then start: prepare, assess and the linked-worker refresh walk the same network. */
    private final Map<Integer, Map<String, Map<String, Link>>> walks = new HashMap<>();

    Evidence(String tenantId, Instant asOf, EvidenceReader reader, Links links, Reviews reviews, boolean withEvidence) {
        this.withEvidence = withEvidence;
        this.tenantId = tenantId;
        this.asOf = asOf;
        this.reader = reader;
        this.links = links;
        this.reviews = reviews;
    }

    String tenantId() {
        return tenantId;
    }

    Instant asOf() {
        return asOf;
    }

    /** Whether the signals' evidence is at hand (else it is null). */
    boolean withEvidence() {
        return withEvidence;
    }

    /** Loads the signals, facts, reviews and clusters of those workers not loaded yet: one statement per kind. */
    void prefetch(Collection<String> workers) {
        Set<String> missing = new TreeSet<>(workers);
        missing.removeAll(loaded);
        if (missing.isEmpty()) {
            return;
        }
        signals.putAll(reader.signals(tenantId, missing, withEvidence));
        facts.putAll(reader.facts(tenantId, missing, Consistency.TYPES, asOf));
        known.addAll(reader.known(tenantId, missing));
        reviewsOf.putAll(reviews.allOf(tenantId, missing));
        clusters.putAll(links.clustersOf(tenantId, missing));
        loaded.addAll(missing);
    }

    /** Loads the direct links of those workers not loaded yet, in one statement. */
    void prefetchLinks(Collection<String> workers) {
        Set<String> missing = new TreeSet<>(workers);
        missing.removeAll(linksOf.keySet());
        if (!missing.isEmpty()) {
            links.linksOf(tenantId, missing).forEach((w, l) -> linksOf.put(w, LinkGraph.at(l, asOf)));
        }
    }

    List<StoredSignal> signals(String worker) {
        prefetch(List.of(worker));
        return signals.get(worker).stream().filter(s -> !s.observedAt.isAfter(asOf)).toList();
    }

    List<StoredObservation> facts(String worker) {
        prefetch(List.of(worker));
        return facts.get(worker);
    }

    /** Whether the tenant ever reported the worker in an observation of its own. */
    boolean known(String worker) {
        prefetch(List.of(worker));
        return known.contains(worker);
    }

    Map<String, Reviews.Review> lastReviews(String worker) {
        prefetch(List.of(worker));
        return Reviews.lastPerCode(reviewsOf.get(worker), asOf);
    }

    /** The worker's cluster, if linked to anyone. */
    String cluster(String worker) {
        prefetch(List.of(worker));
        Cluster cluster = clusters.get(worker);
        return cluster == null ? null : cluster.id();
    }

    /**
     * How many workers a walk from this one can reach at most: its cluster's size if its evidence is at hand and it
     * has a cluster, else no bound (the walk finds out).
     */
    private int component(String worker) {
        Cluster cluster = loaded.contains(worker) ? clusters.get(worker) : null;
        return cluster == null ? Integer.MAX_VALUE : cluster.size();
    }

    /** The worker's tier without NW-01, computed once per holder (it depends only on the evidence and asOf). */
    Tier baseTier(String worker, Function<String, Tier> compute) {
        if (!baseTiers.containsKey(worker)) {
            baseTiers.put(worker, compute.apply(worker));
        }
        return baseTiers.get(worker);
    }

    /** Whether the worker's evidence is at hand. */
    boolean loaded(String worker) {
        return loaded.contains(worker);
    }

    /** Whether the worker's tier without NW-01 is at hand (computed, or given). */
    boolean hasBaseTier(String worker) {
        return baseTiers.containsKey(worker);
    }

    /**
     * Takes the worker's tier without NW-01 as given (the refresher's stored one, computed from the worker's evidence
     * at its last refresh), instead of computing it from the worker's evidence.
     */
    void giveBaseTier(String worker, Tier tier) {
        baseTiers.putIfAbsent(worker, tier);
    }

    /** The worker's direct links at {@code asOf}. */
    List<Link> links(String worker) {
        prefetchLinks(List.of(worker));
        return linksOf.get(worker);
    }

    /** {@link Links#reach} from the worker at {@code asOf}. */
    Map<String, Link> reach(String worker, int limit) {
        return reachAll(List.of(worker), limit).get(worker);
    }

    /**
     * {@link Links#reach} from each of the workers at once: every walk goes as far as the links at hand allow, the
     * links all of them lack are fetched together, and they walk again — one statement per level of the deepest walk.
     */
    Map<String, Map<String, Link>> reachAll(Collection<String> workers, int limit) {
        Map<String, Map<String, Link>> done = walks.computeIfAbsent(limit, l -> new HashMap<>());
        Map<String, Map<String, Link>> reached = new LinkedHashMap<>();
        Set<String> pending = new TreeSet<>();
        for (String worker : workers) {
            if (done.containsKey(worker)) {
                reached.put(worker, done.get(worker));
            } else {
                pending.add(worker);
            }
        }
        prefetchLinks(pending);
        while (!pending.isEmpty()) {
            Set<String> missing = new HashSet<>();
            for (String worker : pending) {
                Map<String, Link> walk = LinkGraph.reach(linksOf::get, worker, limit, missing, component(worker));
                if (walk != null) {
                    reached.put(worker, walk);
                    done.put(worker, walk);
                }
            }
            pending.removeAll(reached.keySet());
            prefetchLinks(missing);
        }
        return reached;
    }
}
