package dev.firebreak.contract;

/** Assessment tiers of RED-FLAGS.md "Tiers", lowest first. */
public enum Tier {
    CLEAR, MONITOR, ENHANCED_DUE_DILIGENCE, HIGH_RISK, CRITICAL
}
