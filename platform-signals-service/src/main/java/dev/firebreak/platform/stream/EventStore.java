package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.Activity;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Time-ordered events of one owner and kind in a stage's store (see {@link StoreKeys}), with its marks. Events are
 * stored in {@link Codecs}' layout, marks and small values as UTF-8 text.
 */
final class EventStore {

    private final KeyValueStore<String, byte[]> store;

    EventStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    void put(String owner, String kind, Activity a) {
        store.put(StoreKeys.timed(owner, kind, a.at(), a.eventId()), Codecs.activity(a));
    }

    /** The owner's events of the kinds between two times (inclusive), in time order. */
    List<Activity> between(String owner, Instant from, Instant to, String... kinds) {
        List<Activity> events = new ArrayList<>();
        for (String kind : kinds) {
            try (KeyValueIterator<String, byte[]> it = store.range(StoreKeys.from(owner, kind, from), StoreKeys.to(owner, kind, to))) {
                it.forEachRemaining(kv -> events.add(Codecs.activity(kv.value)));
            }
        }
        if (kinds.length > 1) {
            events.sort(Comparator.comparing(Activity::at).thenComparing(Activity::eventId));
        }
        return events;
    }

    /** The owner's latest event of the kinds strictly before {@code at} (by time, then id), if any. */
    Optional<Activity> before(String owner, Activity e, String... kinds) {
        Activity best = null;
        for (String kind : kinds) {
            try (KeyValueIterator<String, byte[]> it = store.reverseRange(StoreKeys.prefix(owner, kind),
                    StoreKeys.to(owner, kind, e.at()))) {
                while (it.hasNext()) {
                    Activity a = Codecs.activity(it.next().value);
                    if (!a.eventId().equals(e.eventId()) && order(a, e) < 0) {
                        best = best == null || order(a, best) > 0 ? a : best;
                        break;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The owner's earliest event of the kinds strictly after {@code e} (by time, then id), if any. */
    Optional<Activity> after(String owner, Activity e, String... kinds) {
        Activity best = null;
        for (String kind : kinds) {
            try (KeyValueIterator<String, byte[]> it = store.range(StoreKeys.from(owner, kind, e.at()), StoreKeys.end(owner, kind))) {
                while (it.hasNext()) {
                    Activity a = Codecs.activity(it.next().value);
                    if (!a.eventId().equals(e.eventId()) && order(a, e) > 0) {
                        best = best == null || order(a, best) < 0 ? a : best;
                        break;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The owner's earliest event of the kinds at or after {@code at}, if any. */
    Optional<Activity> firstFrom(String owner, Instant at, String... kinds) {
        Activity best = null;
        for (String kind : kinds) {
            try (KeyValueIterator<String, byte[]> it = store.range(StoreKeys.from(owner, kind, at), StoreKeys.end(owner, kind))) {
                if (it.hasNext()) {
                    Activity a = Codecs.activity(it.next().value);
                    best = best == null || order(a, best) < 0 ? a : best;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The owner's entries of the kind older than {@code cutoff}, by key (time, then id). */
    List<KeyValue<String, byte[]>> older(String owner, String kind, Instant cutoff) {
        List<KeyValue<String, byte[]>> old = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(StoreKeys.prefix(owner, kind), StoreKeys.from(owner, kind, cutoff))) {
            it.forEachRemaining(old::add);
        }
        return old;
    }

    /** Deletes the owner's events of the kinds older than {@code cutoff}. */
    void prune(String owner, Instant cutoff, String... kinds) {
        for (String kind : kinds) {
            older(owner, kind, cutoff).forEach(kv -> store.delete(kv.key));
        }
    }

    /** A mark (seen event, emitted signal, observed identifier): true if it was not there before. */
    boolean mark(String owner, String kind, String id, String value) {
        String key = StoreKeys.prefix(owner, kind) + id;
        if (store.get(key) != null) {
            return false;
        }
        store.put(key, value.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    boolean marked(String owner, String kind, String id) {
        return store.get(StoreKeys.prefix(owner, kind) + id) != null;
    }

    /** A text value ({@code null} if absent). */
    String get(String key) {
        byte[] value = store.get(key);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Writes a text value, or deletes the entry for {@code null}. */
    void put(String key, String value) {
        store.put(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    byte[] getBytes(String key) {
        return store.get(key);
    }

    void putBytes(String key, byte[] value) {
        store.put(key, value);
    }

    /** Every entry of the owner's kind, by key. */
    List<KeyValue<String, byte[]>> all(String owner, String kind) {
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(StoreKeys.prefix(owner, kind), StoreKeys.end(owner, kind))) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    /** Every entry under the owner, of every kind, by key. */
    List<KeyValue<String, byte[]>> under(String owner) {
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(owner, owner + "\uffff")) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    /** Up to {@code limit} entries from {@code from} (inclusive) to the end of the store, by key. */
    List<KeyValue<String, byte[]>> from(String from, int limit) {
        List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(from, "\uffff")) {
            while (it.hasNext() && entries.size() < limit) {
                entries.add(it.next());
            }
        }
        return entries;
    }

    /** Deletes one entry (a tombstone in the changelog). */
    void delete(String key) {
        store.delete(key);
    }

    private static int order(Activity a, Activity b) {
        int c = a.at().compareTo(b.at());
        return c != 0 ? c : a.eventId().compareTo(b.eventId());
    }
}
