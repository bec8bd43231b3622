package dev.firebreak.aggregator.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.kit.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Computes a worker's assessment at an explicit {@code asOf} from that worker's stored signals only, so that
 * the cost follows the worker's evidence and a replay reproduces the same result.
 */
@ApplicationScoped
public class AssessmentService {

    static final String OFSI_REPORT = "Report the suspected breach of financial sanctions to OFSI";
    static final String NCA_SAR = "If in the regulated sector, submit a SAR to the NCA quoting "
            + "\"OFSI – DPRK IT Workers Advisory – 0924\"";

    private final FlagDefinitions definitions;
    private final ObjectMapper json;

    public AssessmentService(FlagDefinitions definitions, ObjectMapper json) {
        this.definitions = definitions;
        this.json = json;
    }

    @Transactional
    public Assessment assess(String tenantId, String workerId, Instant asOf) {
        List<StoredSignal> signals = StoredSignal.forWorker(tenantId, workerId).stream()
                .filter(s -> !s.observedAt.isAfter(asOf)).toList();
        if (signals.isEmpty() && !StoredObservation.knowsWorker(tenantId, workerId)) {
            throw ProblemException.notFound("worker " + workerId);
        }
        Map<String, List<StoredSignal>> byCode = new LinkedHashMap<>();
        for (StoredSignal signal : signals) {
            byCode.computeIfAbsent(signal.code, c -> new ArrayList<>()).add(signal);
        }
        List<TierRules.ActiveFlag> active = new ArrayList<>();
        List<Assessment.Flag> flags = new ArrayList<>();
        for (Map.Entry<String, List<StoredSignal>> entry : byCode.entrySet()) {
            FlagDefinition definition = definitions.find(entry.getKey()).orElse(null);
            if (definition == null) {
                continue; // the consumer rejects unknown codes; a code removed later is shown nowhere
            }
            List<StoredSignal> live = entry.getValue().stream()
                    .filter(s -> s.expiresAt == null || s.expiresAt.isAfter(asOf)).toList();
            StoredSignal best = (live.isEmpty() ? entry.getValue() : live).stream()
                    .max(Comparator.comparingDouble((StoredSignal s) -> s.confidence).thenComparing(s -> s.observedAt))
                    .orElseThrow();
            boolean isActive = !live.isEmpty() && best.confidence >= TierRules.ACTIVE_CONFIDENCE;
            if (isActive) {
                active.add(new TierRules.ActiveFlag(definition.code(), definition.severity(), best.confidence));
            }
            flags.add(new Assessment.Flag(definition.code(), definition.title(), definition.category(),
                    definition.severity(), best.confidence, isActive,
                    isActive && definition.severity() != Severity.INFO,
                    entry.getValue().stream().map(s -> s.observedAt).min(Comparator.naturalOrder()).orElseThrow(),
                    entry.getValue().stream().map(s -> s.observedAt).max(Comparator.naturalOrder()).orElseThrow(),
                    entry.getValue().size(), parse(best.evidence), definition.advisoryPassage(),
                    new TreeSet<>(entry.getValue().stream().map(s -> s.source).toList())));
        }
        flags.sort(Comparator.comparing(Assessment.Flag::active).reversed()
                .thenComparing(Assessment.Flag::severity, Comparator.reverseOrder())
                .thenComparing(Assessment.Flag::code));
        Tier tier = TierRules.tier(active);
        Instant updatedAt = signals.stream().map(s -> s.receivedAt).max(Comparator.naturalOrder()).orElse(null);
        return new Assessment(workerId, tier, Scoring.score(active), asOf, flags,
                new Assessment.Network(null, List.of()), actions(tier, flags), updatedAt);
    }

    private static List<Assessment.RecommendedAction> actions(Tier tier, List<Assessment.Flag> flags) {
        List<Assessment.RecommendedAction> actions = new ArrayList<>();
        if (tier == Tier.CRITICAL) {
            flags.stream().filter(f -> f.active() && f.severity() == Severity.CRITICAL
                            && f.confidence() >= TierRules.CRITICAL_CONFIDENCE)
                    .findFirst().ifPresent(f -> {
                        actions.add(new Assessment.RecommendedAction(OFSI_REPORT, f.code()));
                        actions.add(new Assessment.RecommendedAction(NCA_SAR, f.code()));
                    });
        }
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
