package dev.firebreak.aggregator;

import dev.firebreak.aggregator.assessment.Scoring;
import dev.firebreak.aggregator.assessment.Severity;
import dev.firebreak.aggregator.assessment.Tier;
import dev.firebreak.aggregator.assessment.TierRules.ActiveFlag;
import dev.firebreak.aggregator.assessment.TierRules;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TierRulesTest {

    private static ActiveFlag flag(String code, Severity severity, double confidence) {
        return new ActiveFlag(code, severity, confidence);
    }

    @Test
    void clearWithoutFlags() {
        assertEquals(Tier.CLEAR, TierRules.tier(List.of()));
    }

    @Test
    void criticalNeedsACriticalFlagAtConfidencePointEight() {
        assertEquals(Tier.CRITICAL, TierRules.tier(List.of(flag("ID-10", Severity.CRITICAL, 0.8))));
        assertEquals(Tier.CRITICAL, TierRules.tier(List.of(flag("PL-15", Severity.CRITICAL, 1.0),
                flag("PL-06", Severity.LOW, 0.9))));
        // below 0.8 it is a grave code but not the CRITICAL tier
        assertEquals(Tier.ENHANCED_DUE_DILIGENCE, TierRules.tier(List.of(flag("ID-09", Severity.CRITICAL, 0.79))));
    }

    @Test
    void highRiskIsTwoCodesWithOneHighOrFourCodes() {
        assertEquals(Tier.HIGH_RISK, TierRules.tier(List.of(flag("PL-02", Severity.HIGH, 0.9),
                flag("PL-06", Severity.LOW, 0.9))));
        assertEquals(Tier.HIGH_RISK, TierRules.tier(List.of(flag("ID-01", Severity.MEDIUM, 0.9),
                flag("ID-04", Severity.LOW, 0.9), flag("PL-10", Severity.LOW, 0.9), flag("PL-17", Severity.LOW, 0.9))));
    }

    @Test
    void enhancedDueDiligenceIsTwoCodesOrOneHigh() {
        assertEquals(Tier.ENHANCED_DUE_DILIGENCE, TierRules.tier(List.of(flag("ID-01", Severity.MEDIUM, 0.9),
                flag("ID-04", Severity.LOW, 0.6))));
        assertEquals(Tier.ENHANCED_DUE_DILIGENCE, TierRules.tier(List.of(flag("PM-03", Severity.HIGH, 0.7))));
        assertEquals(Tier.ENHANCED_DUE_DILIGENCE, TierRules.tier(List.of(flag("ID-01", Severity.MEDIUM, 0.9),
                flag("ID-04", Severity.LOW, 0.6), flag("ID-05", Severity.LOW, 0.6))));
    }

    @Test
    void monitorIsOneLowOrMediumCode() {
        assertEquals(Tier.MONITOR, TierRules.tier(List.of(flag("PL-08", Severity.MEDIUM, 0.9))));
        assertEquals(Tier.MONITOR, TierRules.tier(List.of(flag("PL-06", Severity.LOW, 0.5))));
    }

    @Test
    void distinctCodesCountOnce() {
        assertEquals(Tier.MONITOR, TierRules.tier(List.of(flag("PL-08", Severity.MEDIUM, 0.9),
                flag("PL-08", Severity.MEDIUM, 0.7), flag("PL-08", Severity.MEDIUM, 0.6))));
    }

    @Test
    void infoCodesAndLowConfidenceFlagsNeverCount() {
        assertEquals(Tier.CLEAR, TierRules.tier(List.of(flag("PL-16", Severity.INFO, 1.0),
                flag("PL-18", Severity.INFO, 1.0))));
        assertEquals(Tier.CLEAR, TierRules.tier(List.of(flag("ID-10", Severity.CRITICAL, 0.49))));
        assertEquals(Tier.MONITOR, TierRules.tier(List.of(flag("PL-16", Severity.INFO, 1.0),
                flag("PL-08", Severity.MEDIUM, 0.9), flag("PM-03", Severity.HIGH, 0.3))));
    }

    @Test
    void scoreHasDiminishingReturnsAndCountsACodeOnce() {
        double one = Scoring.score(List.of(flag("ID-10", Severity.CRITICAL, 1.0)));
        double repeated = Scoring.score(List.of(flag("ID-10", Severity.CRITICAL, 1.0), flag("ID-10", Severity.CRITICAL, 0.9)));
        double two = Scoring.score(List.of(flag("ID-10", Severity.CRITICAL, 1.0), flag("PL-08", Severity.MEDIUM, 1.0)));
        assertEquals(0.9, one, 1e-9);
        assertEquals(one, repeated, 1e-9);
        assertEquals(1 - 0.1 * 0.75, two, 1e-9);
        assertTrue(two < 1.0);
        assertEquals(0.0, Scoring.score(List.of(flag("PL-16", Severity.INFO, 1.0))), 1e-9);
    }
}
