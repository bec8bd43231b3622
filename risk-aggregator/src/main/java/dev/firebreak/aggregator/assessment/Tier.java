package dev.firebreak.aggregator.assessment;

/** Tiers of RED-FLAGS.md "Tiers", lowest first. */
public enum Tier {
    CLEAR, MONITOR, ENHANCED_DUE_DILIGENCE, HIGH_RISK, CRITICAL
}
