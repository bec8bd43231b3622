package dev.firebreak.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The outbox relay's settings ({@code firebreak.outbox.*}). */
@ConfigMapping(prefix = "firebreak.outbox")
public interface OutboxSettings {

    /** Rows sent per round. */
    @WithDefault("200")
    int batchSize();

    /** How long a send may wait for the broker before it counts as failed. */
    @WithDefault("PT15S")
    Duration sendTimeout();

    /** A row the broker refuses this many times (while it takes others) is parked. */
    @WithDefault("10")
    int maxAttempts();

    /** The longest wait before a failed row is tried again (the back-off doubles up to it). */
    @WithDefault("PT5M")
    Duration maxBackoff();

    /**
     * How long a published row is kept: the outbox's de-duplication window (a message enqueued again after it is
     * sent again; consumers de-duplicate on its id).
     */
    @WithDefault("P7D")
    Duration retention();

    /** Published rows past the retention deleted per statement. */
    @WithDefault("5000")
    int deleteChunk();
}
