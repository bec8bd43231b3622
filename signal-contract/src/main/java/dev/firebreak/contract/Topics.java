package dev.firebreak.contract;

import java.util.List;

/** Topic names of DESIGN.md "Message contracts". */
public final class Topics {
    public static final String RISK_SIGNALS = "risk.signals";
    public static final String ENTITY_OBSERVATIONS = "entity.observations";
    public static final String RISK_ASSESSMENTS = "risk.assessments";
    public static final String PLATFORM_EVENTS = "platform.events";
    public static final String WATCHLISTS_UPDATED = "watchlists.updated";

    /** Every topic the suite uses, dead-letter topics included, for whoever creates topics. */
    public static final List<String> ALL = List.of(
            RISK_SIGNALS, dlq(RISK_SIGNALS),
            ENTITY_OBSERVATIONS, dlq(ENTITY_OBSERVATIONS),
            RISK_ASSESSMENTS,
            PLATFORM_EVENTS, dlq(PLATFORM_EVENTS),
            WATCHLISTS_UPDATED);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + ".dlq";
    }
}
