package dev.firebreak.kit.outbox;

/** Fired when a transaction enqueued a message; observed after commit to relay without waiting for the poll. */
public record OutboxWritten() {
}
