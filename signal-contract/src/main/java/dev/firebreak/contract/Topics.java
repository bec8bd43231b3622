package dev.firebreak.contract;

import java.util.List;

/** Topic names of DESIGN.md "Message contracts". */
public final class Topics {
    public static final String RISK_SIGNALS = "risk.signals";
    public static final String ENTITY_OBSERVATIONS = "entity.observations";
    public static final String RISK_ASSESSMENTS = "risk.assessments";
    public static final String PLATFORM_EVENTS = "platform.events";
    public static final String WATCHLISTS_UPDATED = "watchlists.updated";
    /**
     * Internal to platform-signals-service: the events its REST API accepted (tenant from the token), into the same
     * detector topology as {@link #PLATFORM_EVENTS}. Not for other producers.
     */
    public static final String PLATFORM_EVENTS_ACCEPTED = "platform.events.accepted";

    /** Every topic the suite uses, dead-letter topics included, for whoever creates topics. */
    public static final List<String> ALL = List.of(
            RISK_SIGNALS, dlq(RISK_SIGNALS),
            ENTITY_OBSERVATIONS, dlq(ENTITY_OBSERVATIONS),
            RISK_ASSESSMENTS,
            PLATFORM_EVENTS, dlq(PLATFORM_EVENTS), PLATFORM_EVENTS_ACCEPTED,
            WATCHLISTS_UPDATED);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + ".dlq";
    }
}
