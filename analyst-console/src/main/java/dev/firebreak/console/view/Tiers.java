package dev.firebreak.console.view;

import java.util.List;

/** The tiers in the words a person reads, and their order (the worst last). */
public final class Tiers {

    public static final List<String> ORDER = List.of("CLEAR", "MONITOR", "ENHANCED_DUE_DILIGENCE", "HIGH_RISK", "CRITICAL");

    private Tiers() {
    }

    public static String label(String tier) {
        if (tier == null) {
            return "not assessed";
        }
        return switch (tier) {
            case "CLEAR" -> "Clear";
            case "MONITOR" -> "Monitor";
            case "ENHANCED_DUE_DILIGENCE" -> "Enhanced due diligence";
            case "HIGH_RISK" -> "High risk";
            case "CRITICAL" -> "Critical";
            default -> tier;
        };
    }
}
