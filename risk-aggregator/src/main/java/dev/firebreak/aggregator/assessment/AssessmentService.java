package dev.firebreak.aggregator.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.aggregator.evidence.EvidenceReader;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.network.Link;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.aggregator.review.Reviews;
import dev.firebreak.kit.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

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
    static final int NETWORK_LIMIT = NetworkFlags.NETWORK_LIMIT;
    static final int NETWORK_EVALUATED = NetworkFlags.NETWORK_EVALUATED;

    private final TenantDefinitions definitions;
    private final ObjectMapper json;
    private final Links links;
    private final Reviews reviews;
    private final EvidenceReader reader;

    public AssessmentService(TenantDefinitions definitions, ObjectMapper json, Links links, Reviews reviews,
                             EvidenceReader reader) {
        this.definitions = definitions;
        this.json = json;
        this.links = links;
        this.reviews = reviews;
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
                        Function<Set<String>, Map<String, Tier>> known) {
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
        List<Assessment.Flag> flags = new ArrayList<>(found.states().stream().map(FlagState::toFlag).toList());
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
    private record Flags(List<FlagState> states, Tier baseTier, Map<String, Link> reached) {
    }

    /** The worker's flags at the evidence's {@code asOf}; with {@code explain}, each with its evidence. */
    private Flags flags(Evidence held, String workerId, boolean explain) {
        Map<String, Reviews.Review> lastReviews = held.lastReviews(workerId);
        List<FlagState> states = base(held, workerId, lastReviews, explain);
        if (states == null) {
            throw ProblemException.notFound("worker " + workerId);
        }
        Tier baseTier = tierOf(states);
        Map<String, Link> reached = held.reach(workerId, NETWORK_LIMIT);
        networkFlag(held, workerId, reached, explain).map(f -> f.underReview(lastReviews.get("NW-01"))).ifPresent(states::add);
        referralFlag(held, workerId, explain).map(f -> f.underReview(lastReviews.get("NW-02"))).ifPresent(states::add);
        return new Flags(states, baseTier, reached);
    }

    /** The score of the active flags, each decayed by the age of its last evidence at {@code asOf}. */
    private static double score(List<FlagState> states, Instant asOf) {
        List<TierRules.ActiveFlag> active = new ArrayList<>();
        Map<String, Double> decay = new LinkedHashMap<>();
        for (FlagState s : states) {
            if (s.active()) {
                active.add(s.forTier());
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
                active.add(s.forTier());
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
            FlagDefinition definition = definitions.find(tenantId, entry.getKey());
            if (definition == null) {
                continue; // the consumer rejects unknown codes; a code removed later is shown nowhere
            }
            fromSignals.add(definition.code());
            states.add(FlagState.ofSignals(definition, entry.getValue(), asOf, lastReviews.get(definition.code()),
                    withEvidence ? this::parse : null));
        }
        homeCountryPayouts(states, byCode.get("PM-07"), facts, asOf, withEvidence);
        commonNamePartyMatches(states, byCode.get("PM-13"), facts, asOf, withEvidence);
        for (Consistency.Disagreement d : Consistency.disagreements(facts, asOf)) {
            FlagDefinition definition = definitions.find(tenantId, d.code());
            if (definition == null) {
                continue;
            }
            FlagState derived = FlagState.derived(definition, Consistency.CONFIDENCE, d.firstSeen(), d.lastSeen(),
                    d.observations(), withEvidence ? d.evidence(json) : null, d.sources())
                    .underReview(lastReviews.get(d.code()));
            if (fromSignals.contains(d.code())) {
                // the service raised the code too: one flag per code, the derived evidence joins as a second source
                int i = indexOf(states, d.code());
                FlagState s = states.get(i);
                ObjectNode evidence = null;
                if (withEvidence) {
                    evidence = json.createObjectNode();
                    evidence.set("signal", s.evidence());
                    evidence.set("acrossServices", derived.evidence());
                }
                states.set(i, s.joinedWith(derived, evidence));
            } else {
                states.add(derived);
            }
        }
        return states;
    }

    /**
     * PM-07 for payouts into the worker's own country — the country its own document or declared location states —
     * is shown, not counted (issue 30): a freelancer who lives in Vietnam and is paid into her Vietnamese account is
     * consistent, and counting it would put every ordinary worker of a listed country one code from
     * ENHANCED_DUE_DILIGENCE. Money routed to a listed country that is not the worker's own counts as before, and the
     * routing patterns (PM-08, PM-09) do not depend on it.
     */
    private void homeCountryPayouts(List<FlagState> states, List<StoredSignal> pm07, List<StoredObservation> facts,
                                    Instant asOf, boolean withEvidence) {
        if (pm07 == null) {
            return;
        }
        Set<String> own = new TreeSet<>();
        for (StoredObservation o : facts) {
            if (("DOCUMENT_COUNTRY".equals(o.type) || "DECLARED_COUNTRY".equals(o.type)) && o.value != null
                    && !o.observedAt.isAfter(asOf)) {
                own.add(o.value.toUpperCase(Locale.ROOT));
            }
        }
        if (own.isEmpty()) {
            return;
        }
        Set<String> destinations = new TreeSet<>();
        for (StoredSignal s : pm07) {
            if (s.liveAt(asOf)) {
                destinations.add(parse(s.evidence).path("country").asText("?"));
            }
        }
        if (destinations.isEmpty() || !own.containsAll(destinations)) {
            return;
        }
        showOnly(states, "PM-07", "ownCountry", "paid into the worker's own country " + destinations
                + ", as the worker's own document or declared location states: shown, not counted", withEvidence);
    }

    /**
     * PM-13 resting only on a common name is shown, not counted, for a worker whose document identity-service holds
     * (issue 30): identity-service screened the worker's documented name with its date of birth (ID-09) and raised what
     * that proves; a payment party's common name alone, without the date of birth payments-service never has, would
     * put every ordinary worker named like a listed person at ENHANCED_DUE_DILIGENCE (Muhammad Iqbal, Ali Khan). A
     * party match on anything more (a date of birth, a wallet, a rare name) counts as before, as does every match of a
     * worker the tenant has sent no document for.
     */
    private void commonNamePartyMatches(List<FlagState> states, List<StoredSignal> pm13, List<StoredObservation> facts,
                                        Instant asOf, boolean withEvidence) {
        if (pm13 == null || facts.stream().noneMatch(o -> "DOCUMENT_COUNTRY".equals(o.type) && !o.observedAt.isAfter(asOf))) {
            return;
        }
        for (StoredSignal s : pm13) {
            if (s.liveAt(asOf)
                    && !"common name alone".equals(parse(s.evidence).path("matches").path(0).path("basis").asText())) {
                return;
            }
        }
        showOnly(states, "PM-13", "commonNameOnly", "a payment party's common name alone; identity-service screened the "
                + "worker's documented name with its date of birth: shown, not counted", withEvidence);
    }

    /** The code's flag shown, not counted ({@link FlagState#shownOnly}), its evidence saying why under {@code marker}. */
    private void showOnly(List<FlagState> states, String code, String marker, String explanation, boolean withEvidence) {
        int i = indexOf(states, code);
        ObjectNode evidence = null;
        if (withEvidence) {
            evidence = json.createObjectNode();
            evidence.set("signal", states.get(i).evidence());
            evidence.put(marker, true);
            evidence.put("explanation", explanation);
        }
        states.set(i, states.get(i).shownOnly(evidence));
    }

    private static int indexOf(List<FlagState> states, String code) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).definition().code().equals(code)) {
                return i;
            }
        }
        throw new IllegalStateException(code);
    }

    /**
     * NW-01: the nearest linked worker whose tier without NW-01 is HIGH_RISK or above; the evidence is the chain of
     * shared identifiers from this worker to it (which identifier, which services saw it, since when). Without
     * {@code explain}, the flag alone: the first one found decides, and no evidence is built.
     */
    private Optional<FlagState> networkFlag(Evidence held, String workerId, Map<String, Link> reached, boolean explain) {
        FlagDefinition definition = definitions.find(held.tenantId(), "NW-01");
        if (definition == null) {
            return Optional.empty();
        }
        return NetworkFlags.linkedToFlagged(workerId, reached, w -> baseTier(held, w), explain).map(found -> {
            Instant since = found.since();
            return explain
                    ? FlagState.derived(definition, found.confidence(), since, since, 1,
                            Explanations.linkedToFlagged(json, found, held::links), NetworkFlags.sources(found.path(), held::links))
                    : FlagState.derived(definition, found.confidence(), since, since, 1, null, Set.of());
        });
    }

    /**
     * NW-02: the worker referred or was referred by another worker (a shared REFERRAL) who also shares another
     * identifier with it or carries active flags of its own. Without {@code explain}, no evidence is built.
     */
    private Optional<FlagState> referralFlag(Evidence held, String workerId, boolean explain) {
        FlagDefinition definition = definitions.find(held.tenantId(), "NW-02");
        List<Link> direct = held.links(workerId);
        if (definition == null || direct.stream().noneMatch(l -> l.type().equals("REFERRAL"))) {
            return Optional.empty();
        }
        List<NetworkFlags.ReferralMember> members = NetworkFlags.referralChain(direct, w -> baseTier(held, w));
        if (members.isEmpty()) {
            return Optional.empty();
        }
        Set<String> sources = new TreeSet<>();
        members.forEach(m -> {
            sources.add(m.referral().fromSource());
            sources.add(m.referral().toSource());
        });
        Instant first = members.stream().map(m -> m.referral().since()).reduce(FlagState::min).orElseThrow();
        Instant last = members.stream().map(m -> m.referral().since()).reduce(FlagState::max).orElseThrow();
        return Optional.of(FlagState.derived(definition, 0.7, first, last, members.size(),
                explain ? Explanations.referralChain(json, members) : null, sources));
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
}
