package dev.firebreak.aggregator.assessment;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The numeric score (0..1) that ranks workers within a tier: one contribution per code (its most confident
 * signal), {@code weight(severity) x confidence}, combined with diminishing returns as
 * {@code 1 - prod(1 - contribution)}, each contribution decaying with the age of the code's last evidence.
 * INFO weighs nothing. Documented in the module README.
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

    /** Old evidence weighs less: a code's contribution halves every {@code HALF_LIFE_DAYS} since it was last seen. */
    public static final double HALF_LIFE_DAYS = 180;

    /** The weight left to evidence last seen {@code age} ago (1 for evidence seen at or after asOf). */
    public static double decay(Duration age) {
        double days = Math.max(0, age.toSeconds()) / 86_400.0;
        return Math.pow(0.5, days / HALF_LIFE_DAYS);
    }

    public static double score(Collection<TierRules.ActiveFlag> flags) {
        return score(flags, code -> 1.0);
    }

    /** As {@link #score(Collection)}, each code's contribution multiplied by its decay. */
    public static double score(Collection<TierRules.ActiveFlag> flags, ToDoubleFunction<String> decayOf) {
        Map<String, Double> perCode = new HashMap<>();
        for (TierRules.ActiveFlag flag : flags) {
            if (flag.confidence() < TierRules.ACTIVE_CONFIDENCE) {
                continue;
            }
            perCode.merge(flag.code(), weight(flag.severity()) * flag.confidence() * decayOf.applyAsDouble(flag.code()),
                    Math::max);
        }
        double remaining = 1.0;
        for (double contribution : perCode.values()) {
            remaining *= 1.0 - contribution;
        }
        return Math.round((1.0 - remaining) * 10_000) / 10_000.0;
    }
}
