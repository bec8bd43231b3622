package dev.firebreak.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Published on {@code watchlists.updated} by identity-service after a sanctions list import that changed entries,
 * so that other services re-screen their parties. Lists are deployment-wide: the message carries no tenant. The
 * key is the list source; {@code version} grows with every import of any source.
 */
public record WatchlistsUpdated(int schemaVersion, UUID messageId, String source, long version, int entries,
                                int added, int removed, int changed, String sha256, Instant importedAt) {

    public static final int SCHEMA_VERSION = 1;

    public WatchlistsUpdated {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(importedAt, "importedAt");
    }

    public static WatchlistsUpdated of(String source, long version, int entries, int added, int removed, int changed,
                                       String sha256, Instant importedAt) {
        return new WatchlistsUpdated(SCHEMA_VERSION, MessageIds.watchlistVersionId(source, version), source, version,
                entries, added, removed, changed, sha256, importedAt);
    }

    public String messageKey() {
        return source;
    }
}
