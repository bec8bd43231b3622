package dev.firebreak.kit.metrics;

import io.micrometer.core.instrument.Metrics;

/**
 * {@code firebreak_dead_letters_total{topic}}: every message a service dead-letters, by the topic it came from (a
 * tenant's {@code platform.events.<tenant>} counted as {@code platform.events}, so the label stays bounded), whichever
 * path dead-lettered it: a consumer's own checks, a messaging channel's failure strategy, or the Kafka Streams
 * topology. The name is stable: the alert rules and dashboards in {@code k8s/base/monitoring} use it.
 *
 * <p>Counted on Micrometer's global registry, to which Quarkus adds its own: the Streams topology's sink and its
 * exception handler are built outside CDI and count here too.
 */
public final class DeadLetters {

    public static final String METER = "firebreak.dead.letters";
    private static final String TENANT_EVENTS = "platform.events.";

    private DeadLetters() {
    }

    /** One message of {@code topic} dead-lettered. */
    public static void counted(String topic) {
        Metrics.counter(METER, "topic", family(topic)).increment();
    }

    /**
     * Handles a message of a channel whose failure strategy dead-letters what fails ({@code dead-letter-queue}): a
     * failure thrown here is a dead letter, counted before SmallRye sends it on.
     */
    public static void onFailure(String topic, Runnable handling) {
        try {
            handling.run();
        } catch (RuntimeException e) {
            counted(topic);
            throw e;
        }
    }

    /** A dead-letter topic's source: {@code risk.signals.dlq} is {@code risk.signals}. */
    public static String sourceOf(String deadLetterTopic) {
        return deadLetterTopic.endsWith(".dlq") ? deadLetterTopic.substring(0, deadLetterTopic.length() - 4) : deadLetterTopic;
    }

    static String family(String topic) {
        if (topic == null) {
            return "unknown";
        }
        if (topic.startsWith(TENANT_EVENTS) && !topic.equals("platform.events.accepted")) {
            return "platform.events";
        }
        return topic;
    }
}
