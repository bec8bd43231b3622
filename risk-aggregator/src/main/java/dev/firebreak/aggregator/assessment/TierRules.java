package dev.firebreak.aggregator.assessment;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The tier rules of RED-FLAGS.md "Tiers", applied to active flags (the caller has already dropped expired,
 * dismissed and low-confidence ones). Distinct codes count once, at their most confident signal; INFO codes
 * never count; no code is special-cased: only severity and confidence matter. A CRITICAL code below the
 * CRITICAL confidence bar still counts as a code at least as grave as HIGH.
 */
public final class TierRules {

    public static final double ACTIVE_CONFIDENCE = 0.5;
    public static final double CRITICAL_CONFIDENCE = 0.8;

    /** One active flag: a code, its severity and its confidence. */
    public record ActiveFlag(String code, Severity severity, double confidence) {
    }

    private TierRules() {
    }

    public static Tier tier(Collection<ActiveFlag> flags) {
        Map<String, ActiveFlag> byCode = new HashMap<>();
        for (ActiveFlag flag : flags) {
            if (flag.confidence() < ACTIVE_CONFIDENCE || flag.severity() == Severity.INFO) {
                continue;
            }
            byCode.merge(flag.code(), flag, (a, b) -> a.confidence() >= b.confidence() ? a : b);
        }
        if (byCode.values().stream().anyMatch(f -> f.severity() == Severity.CRITICAL
                && f.confidence() >= CRITICAL_CONFIDENCE)) {
            return Tier.CRITICAL;
        }
        int codes = byCode.size();
        long high = byCode.values().stream().filter(f -> f.severity().compareTo(Severity.HIGH) >= 0).count();
        if ((codes >= 2 && high >= 1) || codes >= 4) {
            return Tier.HIGH_RISK;
        }
        if (codes >= 2 || high == 1) {
            return Tier.ENHANCED_DUE_DILIGENCE;
        }
        if (codes == 1) {
            return Tier.MONITOR;
        }
        return Tier.CLEAR;
    }
}
