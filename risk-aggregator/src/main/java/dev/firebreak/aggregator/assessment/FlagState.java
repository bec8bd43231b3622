package dev.firebreak.aggregator.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.review.Reviews;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A code's state at an {@code asOf}, before it becomes an {@link Assessment.Flag}: from the services' signals of the
 * code ({@link #ofSignals}), or derived by the aggregator ({@link #derived}: ID-02, ID-03, PL-10 across services,
 * NW-01, NW-02), with the worker's last review of the code applied. Built only through these factories.
 *
 * @param evidence null when the state is computed for a tier alone (parsing evidence is most of an assessment's cost)
 */
record FlagState(FlagDefinition definition, double confidence, boolean active, boolean dismissed,
                 Instant firstSeen, Instant lastSeen, int occurrences, JsonNode evidence,
                 Set<String> sources, String review, Instant expiresAt) {

    /**
     * The code's state from its signals: the most confident signal not expired at {@code asOf} (else the most
     * confident of all) gives the confidence and evidence; it counts when live and at least
     * {@link TierRules#ACTIVE_CONFIDENCE}; a dismissal holds until evidence of a different kind arrives after it
     * ({@link #reopens}).
     *
     * @param evidence reads the chosen signal's evidence, or null for none
     */
    static FlagState ofSignals(FlagDefinition definition, List<StoredSignal> signals, Instant asOf, Reviews.Review review,
                               Function<String, JsonNode> evidence) {
        List<StoredSignal> live = signals.stream().filter(s -> s.liveAt(asOf)).toList();
        StoredSignal best = (live.isEmpty() ? signals : live).stream()
                .max(Comparator.comparingDouble((StoredSignal s) -> s.confidence).thenComparing(s -> s.observedAt))
                .orElseThrow();
        boolean dismissed = review != null && review.dismisses() && !reopens(definition, signals, review);
        boolean active = !live.isEmpty() && best.confidence >= TierRules.ACTIVE_CONFIDENCE && !dismissed;
        return new FlagState(definition, best.confidence, active, dismissed,
                signals.stream().map(s -> s.observedAt).min(Comparator.naturalOrder()).orElseThrow(),
                signals.stream().map(s -> s.observedAt).max(Comparator.naturalOrder()).orElseThrow(),
                signals.size(), evidence == null ? null : evidence.apply(best.evidence),
                new TreeSet<>(signals.stream().map(s -> s.source).toList()), review == null ? null : review.action(),
                expiry(live.isEmpty() ? signals : live));
    }

    /**
     * Whether signals received after a dismissal reopen it: evidence of a kind (its detector) the dismissed signals did
     * not show — a dismissal of PL-08 after a check of the worker's corporate VPN holds across that VPN's next exits,
     * not across a Tor exit. For a code without a lifetime (a document that fails, a sanctions match: facts that last
     * until withdrawn) any new signal reopens it.
     */
    static boolean reopens(FlagDefinition definition, List<StoredSignal> signals, Reviews.Review review) {
        List<StoredSignal> after = signals.stream().filter(s -> s.receivedAt.isAfter(review.at())).toList();
        if (after.isEmpty()) {
            return false;
        }
        if (!definition.expires()) {
            return true;
        }
        Set<String> dismissedKinds = new TreeSet<>();
        signals.stream().filter(s -> !s.receivedAt.isAfter(review.at())).forEach(s -> dismissedKinds.add(s.detector));
        return after.stream().anyMatch(s -> !dismissedKinds.contains(s.detector));
    }

    /** A flag the aggregator derives, active, before the worker's review of it ({@link #underReview}). */
    static FlagState derived(FlagDefinition definition, double confidence, Instant firstSeen, Instant lastSeen,
                             int occurrences, JsonNode evidence, Set<String> sources) {
        return new FlagState(definition, confidence, true, false, firstSeen, lastSeen, occurrences, evidence, sources, null,
                null);
    }

    /** A derived flag under the worker's review of its code: a dismissal holds until evidence newer than it. */
    FlagState underReview(Reviews.Review review) {
        if (review == null) {
            return this;
        }
        boolean dismissedNow = review.dismisses() && !lastSeen.isAfter(review.at());
        return new FlagState(definition, confidence, active && !dismissedNow, dismissedNow, firstSeen, lastSeen,
                occurrences, evidence, sources, review.action(), expiresAt);
    }

    /**
     * This state (from signals) joined by the same code derived across services: one flag, the more confident and
     * wider of the two, with both sources.
     *
     * @param evidence the joined evidence (null for none)
     */
    FlagState joinedWith(FlagState derived, JsonNode evidence) {
        Set<String> both = new TreeSet<>(sources);
        both.addAll(derived.sources);
        return new FlagState(definition, Math.max(confidence, derived.confidence), active || derived.active,
                dismissed && derived.dismissed, min(firstSeen, derived.firstSeen), max(lastSeen, derived.lastSeen),
                occurrences + derived.occurrences, evidence, both, review,
                expiresAt == null || derived.expiresAt == null ? null : max(expiresAt, derived.expiresAt));
    }

    /**
     * This state shown to the analyst but not counted towards the tier: its confidence below
     * {@link TierRules#ACTIVE_CONFIDENCE}, as detectors show ordinary look-alikes (an office's IP, one's own company).
     *
     * @param evidence the evidence saying why (null for none)
     */
    FlagState shownOnly(JsonNode evidence) {
        return new FlagState(definition, Math.min(confidence, SHOWN_ONLY), false, dismissed, firstSeen, lastSeen,
                occurrences, evidence, sources, review, expiresAt);
    }

    /** The confidence of a flag shown, not counted. */
    static final double SHOWN_ONLY = 0.4;

    /** The state as the assessment shows it. */
    Assessment.Flag toFlag() {
        FlagDefinition d = definition;
        return new Assessment.Flag(d.code(), d.title(), d.category(), d.severity(), confidence, active,
                active && d.severity() != Severity.INFO, dismissed, review, firstSeen, lastSeen, occurrences, evidence,
                d.advisoryPassage(), sources, expiresAt);
    }

    /** When the flag stops counting: the last expiry of these signals, or null if one of them never expires. */
    static Instant expiry(List<StoredSignal> signals) {
        Instant last = null;
        for (StoredSignal s : signals) {
            if (s.expiresAt == null) {
                return null;
            }
            last = last == null || s.expiresAt.isAfter(last) ? s.expiresAt : last;
        }
        return last;
    }

    /** The state as the tier rules read it (when active). */
    TierRules.ActiveFlag forTier() {
        return new TierRules.ActiveFlag(definition.code(), definition.severity(), confidence);
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
