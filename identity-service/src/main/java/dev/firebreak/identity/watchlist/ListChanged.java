package dev.firebreak.identity.watchlist;

/** Fired inside an import's transaction when it changed a list: observers act in the same transaction. */
public record ListChanged(long version, String source, int added, int removed, int changed) {
}
