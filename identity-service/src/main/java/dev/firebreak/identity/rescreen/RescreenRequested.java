package dev.firebreak.identity.rescreen;

/** Fired in an import's transaction when a re-screening job was queued; after commit it starts the work. */
public record RescreenRequested(long jobId) {
}
