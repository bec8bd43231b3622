package dev.firebreak.aggregator.assessment;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The numeric score (0..1) that ranks workers within a tier: one contribution per code (its most confident
 * signal), {@code weight(severity) x confidence}, combined with diminishing returns as
 * {@code 1 - prod(1 - contribution)}. INFO weighs nothing. Documented in the module README.
 */
public final class Scoring {

    private Scoring() {
    }

    public static double weight(Severity severity) {
        return switch (severity) {
            case INFO -> 0.0;
            case LOW -> 0.1;
            case MEDIUM -> 0.25;
            case HIGH -> 0.5;
            case CRITICAL -> 0.9;
        };
    }

    public static double score(Collection<TierRules.ActiveFlag> flags) {
        Map<String, Double> perCode = new HashMap<>();
        for (TierRules.ActiveFlag flag : flags) {
            if (flag.confidence() < TierRules.ACTIVE_CONFIDENCE) {
                continue;
            }
            perCode.merge(flag.code(), weight(flag.severity()) * flag.confidence(), Math::max);
        }
        double remaining = 1.0;
        for (double contribution : perCode.values()) {
            remaining *= 1.0 - contribution;
        }
        return Math.round((1.0 - remaining) * 10_000) / 10_000.0;
    }
}
