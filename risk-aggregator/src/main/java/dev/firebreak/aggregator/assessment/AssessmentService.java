package dev.firebreak.aggregator.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.aggregator.evidence.EvidenceReader;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.aggregator.review.Reviews;
import dev.firebreak.kit.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes a worker's assessment at an explicit {@code asOf} from that worker's own evidence (its signals, the
 * signals of its accounts and parties, its observations, its links), so that the cost follows the worker's
 * evidence and a replay into an empty database reproduces the same result. Besides the services' signals it derives
 * three kinds of flags itself:
 * <ul>
 *   <li>ID-02, ID-03, PL-10 when two services' observations of the worker disagree ({@link Consistency});</li>
 *   <li>NW-01 when a worker linked to this one (shared identifiers) is HIGH_RISK or above on tiers computed
 *       without NW-01, with the linking path as evidence;</li>
 *   <li>NW-02 when the worker is in a referral chain whose members also share another identifier or carry flags.</li>
 * </ul>
 */
@ApplicationScoped
public class AssessmentService {

    static final String OFSI_REPORT = "Report the suspected breach of financial sanctions to OFSI";
    static final String NCA_SAR = "If in the regulated sector, submit a SAR to the NCA quoting "
            + "\"OFSI – DPRK IT Workers Advisory – 0924\"";
    /** How far the network is walked: at most this many linked workers, nearest first. */
    static final int NETWORK_LIMIT = 200;
    /**
     * NW-01 computes the tier of at most this many of them, nearest first: each costs that worker's own evidence, and
     * a flagged worker further away than fifty others is not what NW-01 is about.
     */
    static final int NETWORK_EVALUATED = 50;

    private final FlagDefinitions definitions;
    private final ObjectMapper json;
    private final Links links;
    private final Reviews reviews;
    private final Config config;
    private final EvidenceReader reader;

    public AssessmentService(FlagDefinitions definitions, ObjectMapper json, Links links, Reviews reviews, Config config,
                             EvidenceReader reader) {
        this.definitions = definitions;
        this.json = json;
        this.links = links;
        this.reviews = reviews;
        this.config = config;
        this.reader = reader;
    }

    /** A fresh holder of the tenant's evidence for computations at {@code asOf} (in the caller's transaction). */
    public Evidence evidence(String tenantId, Instant asOf) {
        return new Evidence(tenantId, asOf, reader, links, reviews, true);
    }

    /**
     * A fresh holder for {@link #state} alone: the signals are read without their evidence, which a state never shows
     * ({@link #assessWithBase} refuses such a holder).
     */
    public Evidence stateEvidence(String tenantId, Instant asOf) {
        return new Evidence(tenantId, asOf, reader, links, reviews, false);
    }

    /** A code's state before it becomes an {@link Assessment.Flag}. */
    private record FlagState(FlagDefinition definition, double confidence, boolean active, boolean dismissed,
                             Instant firstSeen, Instant lastSeen, int occurrences, JsonNode evidence,
                             Set<String> sources, String review) {
    }

    @Transactional
    public Assessment assess(String tenantId, String workerId, Instant asOf, Mitigations.Role role) {
        Evidence held = evidence(tenantId, asOf);
        prepare(held, List.of(workerId));
        return assess(held, workerId, role);
    }

    /**
     * Fetches ahead, set-wise, what assessing these workers reads: their evidence, their networks (level by level)
     * and the evidence of the linked workers whose tiers NW-01 and NW-02 need — a fixed number of statements for the
     * whole set instead of some twenty per worker and linked worker.
     */
    public void prepare(Evidence held, Collection<String> workers) {
        prepare(held, workers, others -> Map.of());
    }

    /**
     * {@link #prepare(Evidence, Collection)}, where {@code known} may give the tiers without NW-01 of some of the
     * linked workers (the refresher's stored ones): those are taken as given, and their evidence is not read.
     */
    public void prepare(Evidence held, Collection<String> workers,
                        java.util.function.Function<Set<String>, Map<String, Tier>> known) {
        held.prefetch(workers);
        Set<String> others = new TreeSet<>();
        held.reachAll(workers, NETWORK_LIMIT).forEach((worker, reached) -> {
            reached.keySet().stream().filter(w -> !w.equals(worker)).limit(NETWORK_EVALUATED).forEach(others::add);
            held.links(worker).stream().filter(l -> l.type().equals("REFERRAL")).forEach(l -> others.add(l.to()));
        });
        // the base tier of a worker whose evidence is at hand (these workers, an earlier round's) follows that evidence
        others.removeIf(w -> held.hasBaseTier(w) || held.loaded(w));
        if (!others.isEmpty()) {
            known.apply(others).forEach(held::giveBaseTier);
            others.removeIf(held::hasBaseTier);
        }
        held.prefetch(others);
    }

    /** The worker's assessment at the evidence's {@code asOf}, from that evidence. */
    public Assessment assess(Evidence held, String workerId, Mitigations.Role role) {
        return assessWithBase(held, workerId, role).assessment();
    }

    /** An assessment and the worker's tier without NW-01 and NW-02 (what linked workers' NW-01 and NW-02 read). */
    public record Assessed(Assessment assessment, Tier baseTier) {
    }

    /** {@link #assess(Evidence, String, Mitigations.Role)}, with the worker's tier without network flags. */
    public Assessed assessWithBase(Evidence held, String workerId, Mitigations.Role role) {
        if (!held.withEvidence()) {
            throw new IllegalStateException("an assessment shows its evidence: read it (evidence(), not stateEvidence())");
        }
        Instant asOf = held.asOf();
        Flags found = flags(held, workerId, true);
        List<Assessment.Flag> flags = new ArrayList<>();
        for (FlagState s : found.states()) {
            FlagDefinition d = s.definition();
            flags.add(new Assessment.Flag(d.code(), d.title(), d.category(), d.severity(), s.confidence(), s.active(),
                    s.active() && d.severity() != Severity.INFO, s.dismissed(), s.review(), s.firstSeen(), s.lastSeen(),
                    s.occurrences(), s.evidence(), d.advisoryPassage(), s.sources()));
        }
        flags.sort(Comparator.comparing(Assessment.Flag::active).reversed()
                .thenComparing(Assessment.Flag::severity, Comparator.reverseOrder())
                .thenComparing(Assessment.Flag::code));
        Tier tier = tierOf(found.states());
        Instant updatedAt = found.states().stream().map(FlagState::lastSeen).max(Comparator.naturalOrder()).orElse(null);
        String clusterId = found.reached().size() > 1 ? held.cluster(workerId) : null;
        List<String> linked = found.reached().keySet().stream().filter(w -> !w.equals(workerId)).sorted().toList();
        return new Assessed(new Assessment(workerId, tier, score(found.states(), asOf), asOf, flags,
                new Assessment.Network(clusterId, linked), actions(tier, flags, role), updatedAt,
                role == null ? null : role.name()), found.baseTier());
    }

    /**
     * What the stored state keeps of an assessment: its tier, score, counted codes (in code order) and tier without
     * network flags.
     */
    public record State(Tier tier, double score, List<String> codes, Tier baseTier) {
    }

    /**
     * The worker's {@link State} at the evidence's {@code asOf}: the same flags as
     * {@link #assessWithBase(Evidence, String, Mitigations.Role)} gives, without their evidence, explanations and
     * actions (the refresher's share of the work: parsing every flag's evidence was most of an assessment's cost).
     * {@code AssessmentStateTest} checks that the two agree.
     */
    public State state(Evidence held, String workerId) {
        Flags found = flags(held, workerId, false);
        List<String> codes = found.states().stream().filter(s -> s.active() && s.definition().severity() != Severity.INFO)
                .map(s -> s.definition().code()).sorted().toList();
        return new State(tierOf(found.states()), score(found.states(), held.asOf()), codes, found.baseTier());
    }

    /** A worker's flag states (network flags included), its tier without network flags and its network walk. */
    private record Flags(List<FlagState> states, Tier baseTier, Map<String, Links.Link> reached) {
    }

    /** The worker's flags at the evidence's {@code asOf}; with {@code explain}, each with its evidence. */
    private Flags flags(Evidence held, String workerId, boolean explain) {
        Map<String, Reviews.Review> lastReviews = held.lastReviews(workerId);
        List<FlagState> states = base(held, workerId, lastReviews, explain);
        if (states == null) {
            throw ProblemException.notFound("worker " + workerId);
        }
        Tier baseTier = tierOf(states);
        Map<String, Links.Link> reached = held.reach(workerId, NETWORK_LIMIT);
        networkFlag(held, workerId, reached, explain).map(f -> withReview(f, lastReviews)).ifPresent(states::add);
        referralFlag(held, workerId, explain).map(f -> withReview(f, lastReviews)).ifPresent(states::add);
        return new Flags(states, baseTier, reached);
    }

    /** The score of the active flags, each decayed by the age of its last evidence at {@code asOf}. */
    private static double score(List<FlagState> states, Instant asOf) {
        List<TierRules.ActiveFlag> active = new ArrayList<>();
        Map<String, Double> decay = new LinkedHashMap<>();
        for (FlagState s : states) {
            if (s.active()) {
                active.add(new TierRules.ActiveFlag(s.definition().code(), s.definition().severity(), s.confidence()));
                decay.put(s.definition().code(), Scoring.decay(Duration.between(s.lastSeen(), asOf)));
            }
        }
        return Scoring.score(active, c -> decay.getOrDefault(c, 1.0));
    }

    /** The workers whose NW-01 may rest on this one at {@code asOf}: the nearest linked ones, nearest first. */
    public List<String> linkedWorkers(Evidence held, String workerId) {
        return held.reach(workerId, NETWORK_EVALUATED + 1).keySet().stream()
                .filter(w -> !w.equals(workerId)).toList();
    }

    /** The tier without NW-01 (RED-FLAGS.md: NW-01 derives from tiers computed without it), or null if unknown. */
    private Tier baseTier(Evidence held, String workerId) {
        return held.baseTier(workerId, w -> computeBaseTier(held, w));
    }

    private Tier computeBaseTier(Evidence held, String workerId) {
        List<FlagState> states = base(held, workerId, held.lastReviews(workerId), false);
        return states == null ? null : tierOf(states);
    }

    /** The tier of these flag states alone. */
    private static Tier tierOf(List<FlagState> states) {
        List<TierRules.ActiveFlag> active = new ArrayList<>();
        for (FlagState s : states) {
            if (s.active()) {
                active.add(new TierRules.ActiveFlag(s.definition().code(), s.definition().severity(), s.confidence()));
            }
        }
        return TierRules.tier(active);
    }

    /**
     * The flags from the worker's signals and from cross-service disagreements, reviews applied; null if the
     * tenant never reported the worker (no signal, no observation) up to {@code asOf}. Without {@code withEvidence}
     * the flags carry no evidence (a tier alone does not need it, and parsing it is most of the cost).
     */
    private List<FlagState> base(Evidence held, String workerId, Map<String, Reviews.Review> lastReviews,
                                 boolean withEvidence) {
        String tenantId = held.tenantId();
        Instant asOf = held.asOf();
        List<StoredSignal> signals = held.signals(workerId);
        List<StoredObservation> facts = held.facts(workerId);
        if (signals.isEmpty() && facts.isEmpty() && !held.known(workerId)) {
            return null;
        }
        Map<String, List<StoredSignal>> byCode = new LinkedHashMap<>();
        for (StoredSignal signal : signals) {
            byCode.computeIfAbsent(signal.code, c -> new ArrayList<>()).add(signal);
        }
        List<FlagState> states = new ArrayList<>();
        Set<String> fromSignals = new TreeSet<>();
        for (Map.Entry<String, List<StoredSignal>> entry : byCode.entrySet()) {
            FlagDefinition definition = definition(tenantId, entry.getKey());
            if (definition == null) {
                continue; // the consumer rejects unknown codes; a code removed later is shown nowhere
            }
            fromSignals.add(definition.code());
            Reviews.Review review = lastReviews.get(definition.code());
            List<StoredSignal> live = entry.getValue().stream()
                    .filter(s -> s.expiresAt == null || s.expiresAt.isAfter(asOf)).toList();
            StoredSignal best = (live.isEmpty() ? entry.getValue() : live).stream()
                    .max(Comparator.comparingDouble((StoredSignal s) -> s.confidence).thenComparing(s -> s.observedAt))
                    .orElseThrow();
            // dismissed until new evidence: a signal of the code that arrived after the dismissal
            boolean dismissed = review != null && review.dismisses()
                    && entry.getValue().stream().noneMatch(s -> s.receivedAt.isAfter(review.at()));
            boolean active = !live.isEmpty() && best.confidence >= TierRules.ACTIVE_CONFIDENCE && !dismissed;
            states.add(new FlagState(definition, best.confidence, active, dismissed,
                    entry.getValue().stream().map(s -> s.observedAt).min(Comparator.naturalOrder()).orElseThrow(),
                    entry.getValue().stream().map(s -> s.observedAt).max(Comparator.naturalOrder()).orElseThrow(),
                    entry.getValue().size(), withEvidence ? parse(best.evidence) : null,
                    new TreeSet<>(entry.getValue().stream().map(s -> s.source).toList()),
                    review == null ? null : review.action()));
        }
        for (Consistency.Disagreement d : Consistency.disagreements(facts, asOf)) {
            FlagDefinition definition = definition(tenantId, d.code());
            if (definition == null) {
                continue;
            }
            FlagState derived = withReview(new FlagState(definition, Consistency.CONFIDENCE, true, false, d.firstSeen(),
                    d.lastSeen(), d.observations(), withEvidence ? d.evidence(json) : null, d.sources(), null), lastReviews);
            if (fromSignals.contains(d.code())) {
                // the service raised the code too: one flag per code, the derived evidence joins as a second source
                int i = indexOf(states, d.code());
                FlagState s = states.get(i);
                Set<String> sources = new TreeSet<>(s.sources());
                sources.addAll(d.sources());
                ObjectNode evidence = withEvidence ? json.createObjectNode() : null;
                if (withEvidence) {
                    evidence.set("signal", s.evidence());
                    evidence.set("acrossServices", derived.evidence());
                }
                states.set(i, new FlagState(s.definition(), Math.max(s.confidence(), derived.confidence()),
                        s.active() || derived.active(), s.dismissed() && derived.dismissed(), min(s.firstSeen(), d.firstSeen()),
                        max(s.lastSeen(), d.lastSeen()), s.occurrences() + d.observations(), evidence, sources, s.review()));
            } else {
                states.add(derived);
            }
        }
        return states;
    }

    private static int indexOf(List<FlagState> states, String code) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).definition().code().equals(code)) {
                return i;
            }
        }
        throw new IllegalStateException(code);
    }

    /** A derived flag under the worker's reviews: a dismissal holds until evidence newer than it. */
    private static FlagState withReview(FlagState s, Map<String, Reviews.Review> lastReviews) {
        Reviews.Review review = lastReviews.get(s.definition().code());
        if (review == null) {
            return s;
        }
        boolean dismissed = review.dismisses() && !s.lastSeen().isAfter(review.at());
        return new FlagState(s.definition(), s.confidence(), s.active() && !dismissed, dismissed, s.firstSeen(),
                s.lastSeen(), s.occurrences(), s.evidence(), s.sources(), review.action());
    }

    /**
     * NW-01: the nearest linked worker whose tier without NW-01 is HIGH_RISK or above; the evidence is the chain of
     * shared identifiers from this worker to it (which identifier, which services saw it, since when). Without
     * {@code explain}, the flag alone: the first one found decides, and no evidence is built.
     */
    private java.util.Optional<FlagState> networkFlag(Evidence held, String workerId, Map<String, Links.Link> reached,
                                                      boolean explain) {
        String tenantId = held.tenantId();
        FlagDefinition definition = definition(tenantId, "NW-01");
        if (definition == null) {
            return java.util.Optional.empty();
        }
        String nearest = null;
        Tier nearestTier = null;
        ArrayNode flagged = json.createArrayNode();
        int evaluated = 0;
        for (String other : reached.keySet()) {
            if (other.equals(workerId)) {
                continue;
            }
            if (++evaluated > NETWORK_EVALUATED) {
                break;
            }
            Tier tier = baseTier(held, other);
            if (tier == null || tier.compareTo(Tier.HIGH_RISK) < 0) {
                continue;
            }
            if (!explain) {
                nearest = other;
                nearestTier = tier;
                break;
            }
            flagged.addObject().put("worker", other).put("tier", tier.name()).put("hops", Links.path(reached, other).size());
            if (nearest == null) {
                nearest = other;
                nearestTier = tier;
            }
        }
        if (nearest == null) {
            return java.util.Optional.empty();
        }
        List<Links.Link> path = Links.path(reached, nearest);
        double confidence = Math.max(0.5, 0.9 - 0.1 * (path.size() - 1));
        if (!explain) {
            Instant since = path.stream().map(Links.Link::since).reduce(Instant.MIN, AssessmentService::max);
            return java.util.Optional.of(new FlagState(definition, confidence, true, false, since, since, 1, null,
                    Set.of(), null));
        }
        ObjectNode evidence = json.createObjectNode();
        evidence.put("kind", "LINKED_TO_FLAGGED_WORKER");
        evidence.put("linkedWorker", nearest);
        evidence.put("linkedWorkerTier", nearestTier.name());
        evidence.put("hops", path.size());
        ArrayNode steps = evidence.putArray("path");
        Set<String> sources = new TreeSet<>();
        Instant since = Instant.MIN;
        for (Links.Link link : path) {
            ObjectNode step = steps.addObject();
            step.put("from", link.from());
            step.put("to", link.to());
            step.put("identifierType", link.type());
            step.put("identifier", link.value());
            step.putArray("seenBy").add(link.fromSource()).add(link.toSource());
            step.put("since", link.since().toString());
            // every identifier the two share, not only the one the path went through
            ArrayNode shared = step.putArray("shared");
            for (Links.Link l : held.links(link.from())) {
                if (l.to().equals(link.to())) {
                    shared.addObject().put("identifierType", l.type()).put("identifier", l.value())
                            .put("since", l.since().toString());
                    sources.add(l.fromSource());
                    sources.add(l.toSource());
                }
            }
            sources.add(link.fromSource());
            sources.add(link.toSource());
            since = max(since, link.since());
        }
        evidence.set("flaggedLinkedWorkers", flagged);
        evidence.put("explanation", "linked to " + nearest + " (" + nearestTier.name() + " without network flags) in "
                + path.size() + " step(s): " + String.join(" → ", path.stream()
                .map(l -> l.from() + " shares " + l.type() + " with " + l.to()).toList())
                + (flagged.size() > 1 ? "; " + flagged.size() + " linked workers are HIGH_RISK or above" : ""));
        return java.util.Optional.of(new FlagState(definition, confidence, true, false, since, since, 1, evidence,
                sources, null));
    }

    /**
     * NW-02: the worker referred or was referred by another worker (a shared REFERRAL) who also shares another
     * identifier with it or carries active flags of its own. Without {@code explain}, no evidence is built.
     */
    private java.util.Optional<FlagState> referralFlag(Evidence held, String workerId, boolean explain) {
        FlagDefinition definition = definition(held.tenantId(), "NW-02");
        List<Links.Link> direct = held.links(workerId);
        if (definition == null || direct.stream().noneMatch(l -> l.type().equals("REFERRAL"))) {
            return java.util.Optional.empty();
        }
        ArrayNode chain = json.createArrayNode();
        int members = 0;
        Set<String> sources = new TreeSet<>();
        Instant first = null;
        Instant last = null;
        for (Links.Link referral : direct.stream().filter(l -> l.type().equals("REFERRAL")).toList()) {
            List<String> shared = direct.stream().filter(l -> l.to().equals(referral.to()) && !l.type().equals("REFERRAL"))
                    .map(Links.Link::type).distinct().toList();
            Tier tier = baseTier(held, referral.to());
            boolean flagged = tier != null && tier != Tier.CLEAR;
            if (shared.isEmpty() && !flagged) {
                continue;
            }
            members++;
            if (explain) {
                ObjectNode member = chain.addObject();
                member.put("worker", referral.to());
                member.put("referral", referral.value());
                member.set("alsoShares", json.valueToTree(shared));
                member.put("tier", tier == null ? null : tier.name());
            }
            sources.add(referral.fromSource());
            sources.add(referral.toSource());
            first = first == null ? referral.since() : min(first, referral.since());
            last = last == null ? referral.since() : max(last, referral.since());
        }
        if (members == 0) {
            return java.util.Optional.empty();
        }
        ObjectNode evidence = null;
        if (explain) {
            evidence = json.createObjectNode();
            evidence.put("kind", "REFERRAL_CHAIN");
            evidence.set("members", chain);
            evidence.put("explanation", "in a referral chain with " + members
                    + " worker(s) who also share identifiers with this worker or carry flags");
        }
        return java.util.Optional.of(new FlagState(definition, 0.7, true, false, first, last, members, evidence,
                sources, null));
    }

    /** The catalogue's definition with the tenant's severity override, if any. */
    private final Map<String, java.util.Optional<FlagDefinition>> resolved = new java.util.concurrent.ConcurrentHashMap<>();

    private FlagDefinition definition(String tenantId, String code) {
        // configuration is fixed for the life of the process: each tenant's definition of a code is resolved once
        return resolved.computeIfAbsent(tenantId + "\u001f" + code,
                k -> java.util.Optional.ofNullable(resolveDefinition(tenantId, code))).orElse(null);
    }

    private FlagDefinition resolveDefinition(String tenantId, String code) {
        FlagDefinition d = definitions.find(code).orElse(null);
        if (d == null) {
            return null;
        }
        return config.getOptionalValue("firebreak.tenants.\"" + tenantId + "\".severities." + code, String.class)
                .map(s -> new FlagDefinition(d.code(), d.title(), d.category(), Severity.valueOf(s.trim()), d.advisoryPassage()))
                .orElse(d);
    }

    private static List<Assessment.RecommendedAction> actions(Tier tier, List<Assessment.Flag> flags,
                                                              Mitigations.Role role) {
        List<Assessment.RecommendedAction> actions = new ArrayList<>();
        if (tier == Tier.CRITICAL) {
            flags.stream().filter(f -> f.active() && f.severity() == Severity.CRITICAL
                            && f.confidence() >= TierRules.CRITICAL_CONFIDENCE)
                    .findFirst().ifPresent(f -> {
                        actions.add(new Assessment.RecommendedAction(OFSI_REPORT, f.code()));
                        actions.add(new Assessment.RecommendedAction(NCA_SAR, f.code()));
                    });
        }
        // flags are sorted active first, gravest first: each mitigation names the gravest flag that selects it
        actions.addAll(Mitigations.recommend(role, flags.stream().filter(Assessment.Flag::counted)
                .map(Assessment.Flag::code).toList()));
        return actions;
    }

    private JsonNode parse(String evidence) {
        try {
            return json.readTree(evidence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
