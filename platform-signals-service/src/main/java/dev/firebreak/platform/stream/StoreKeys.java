package dev.firebreak.platform.stream;

import java.time.Instant;

/**
 * Keys of the topology's state stores, ordered so that one key's events of one kind are a contiguous, time-ordered
 * range: {@code owner␀kind␀<event time as 16 hex digits>␀eventId}, where the owner is {@code tenant␀account} (or IP,
 * device, client, text band). Ids never hold {@code ␀} (they are validated), and RocksDB compares keys as bytes, so a
 * range scan reads exactly one owner's kind between two times.
 */
final class StoreKeys {

    static final char SEP = '\u0000';
    private static final String MAX = "\uffff";

    private StoreKeys() {
    }

    static String owner(String tenantId, String id) {
        return tenantId + SEP + id + SEP;
    }

    static String prefix(String owner, String kind) {
        return owner + kind + SEP;
    }

    static String timed(String owner, String kind, Instant at, String eventId) {
        return prefix(owner, kind) + stamp(at, eventId);
    }

    /** The end of a timed key, after its owner and kind: {@code <event time>␀eventId}. */
    static String stamp(Instant at, String eventId) {
        return time(at) + SEP + eventId;
    }

    static String from(String owner, String kind, Instant at) {
        return prefix(owner, kind) + time(at);
    }

    static String to(String owner, String kind, Instant at) {
        return prefix(owner, kind) + time(at) + MAX;
    }

    static String end(String owner, String kind) {
        return prefix(owner, kind) + MAX;
    }

    static String time(Instant at) {
        long millis = Math.max(0, at.toEpochMilli()); // events before 1970 sort first: none are plausible
        String hex = Long.toHexString(millis);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
