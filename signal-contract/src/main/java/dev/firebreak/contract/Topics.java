package dev.firebreak.contract;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Topic names of DESIGN.md "Message contracts". */
public final class Topics {
    public static final String RISK_SIGNALS = "risk.signals";
    public static final String ENTITY_OBSERVATIONS = "entity.observations";
    public static final String RISK_ASSESSMENTS = "risk.assessments";
    public static final String PLATFORM_EVENTS = "platform.events";
    public static final String WATCHLISTS_UPDATED = "watchlists.updated";
    /** Erasures asked of the aggregator, fanned out to every service ({@link WorkerErasure}); compacted, kept. */
    public static final String WORKER_ERASURES = "worker.erasures";
    /** Each service's confirmation of an erasure ({@link ErasureConfirmation}). */
    public static final String WORKER_ERASURES_CONFIRMED = "worker.erasures.confirmed";
    /**
     * Internal to platform-signals-service: the events its REST API accepted (tenant from the token), into the same
     * detector topology as {@link #PLATFORM_EVENTS}. Not for other producers.
     */
    public static final String PLATFORM_EVENTS_ACCEPTED = "platform.events.accepted";
    /**
     * Internal to platform-signals-service: the accounts its detector topology erased (issue 29), for the service's
     * database side to erase their rows and keep their suppression. Not for other producers.
     */
    public static final String PLATFORM_ACCOUNTS_ERASED = "platform.accounts.erased";
    /**
     * Internal to platform-signals-service: erasures asked of the service alone (its own DELETE), for its detector
     * topology, as {@link WorkerErasure}s; unlike {@link #WORKER_ERASURES}, no other service reads them.
     */
    public static final String PLATFORM_WORKERS_ERASED = "platform.workers.erased";

    /**
     * A tenant's own input of platform events, {@code platform.events.<tenant>}: the tenant is the topic's, so a
     * producer allowed to write only there (an ACL per tenant) can speak only for its tenant. Tenant ids that are
     * topic names ({@code [A-Za-z0-9_-]}, starting with a letter or digit); {@code accepted} and {@code dlq} are the
     * service's own.
     */
    public static final Pattern TENANT_PLATFORM_EVENTS =
            Pattern.compile("platform\\.events\\.(?!(?:accepted|dlq)$)([A-Za-z0-9][A-Za-z0-9_-]{0,99})");

    /** Every topic the suite uses, dead-letter topics included, for whoever creates topics. */
    public static final List<String> ALL = List.of(
            RISK_SIGNALS, dlq(RISK_SIGNALS),
            ENTITY_OBSERVATIONS, dlq(ENTITY_OBSERVATIONS),
            RISK_ASSESSMENTS,
            PLATFORM_EVENTS, dlq(PLATFORM_EVENTS), PLATFORM_EVENTS_ACCEPTED, PLATFORM_ACCOUNTS_ERASED,
            PLATFORM_WORKERS_ERASED,
            WATCHLISTS_UPDATED, dlq(WATCHLISTS_UPDATED),
            WORKER_ERASURES, dlq(WORKER_ERASURES), WORKER_ERASURES_CONFIRMED, dlq(WORKER_ERASURES_CONFIRMED));

    /** Topics kept compacted and forever (the latest message per key is the state), for whoever creates topics. */
    public static final Set<String> COMPACTED = Set.of(WORKER_ERASURES);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** The tenant's own platform-events topic. */
    public static String platformEvents(String tenantId) {
        String topic = PLATFORM_EVENTS + "." + tenantId;
        if (!TENANT_PLATFORM_EVENTS.matcher(topic).matches()) {
            throw new IllegalArgumentException("a tenant of its own platform-events topic has an id of letters, digits,"
                    + " _ and -, other than accepted and dlq");
        }
        return topic;
    }

    /** The tenant whose own platform-events topic this is, or empty. */
    public static Optional<String> tenantOfPlatformEvents(String topic) {
        Matcher m = TENANT_PLATFORM_EVENTS.matcher(topic);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
