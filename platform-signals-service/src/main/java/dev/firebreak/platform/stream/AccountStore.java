package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.AccountHistory;
import dev.firebreak.platform.detect.AccountState;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.EventGroup;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The account stage's store ({@value #NAME}). Under each account ({@link StoreKeys#owner}) one key space per concept:
 * its events, one space per {@link EventGroup} in time order; its {@link AccountState}; the ids of the signals it
 * emitted; the identifiers it has shown. {@link #account} gives one account's view, which is the
 * {@link AccountHistory} the detectors read.
 */
final class AccountStore {

    static final String NAME = "platform-accounts";

    /** The key spaces besides the events': the state, the emitted signals, the identifiers shown. */
    private static final String STATE = "Z", SIGNALS = "S", IDENTIFIERS = "I";
    /**
     * The state of an erased account (issue 29): one byte no layout starts with. Its events are dropped from then on,
     * so neither a redelivery nor a replay of the inputs brings it back.
     */
    private static final byte[] ERASED = {(byte) 0xEE};
    /** Letters of the identifiers an account shows that another stage keys by: IP, device, rating client. */
    static final char IP = 'P', DEVICE = 'D', CLIENT = 'K', WORKER = 'W';

    private final EventStore store;

    AccountStore(KeyValueStore<String, byte[]> store) {
        this.store = new EventStore(store);
    }

    /**
     * The mark of the walk that told the worker stage every account's workers ({@link #workersShown}) once it is
     * complete; it sorts before every account's keys (tenant ids are never empty) and names nobody.
     */
    static final String WORKERS_WALKED = StoreKeys.SEP + "workers-walked";

    /** An account's worker, as its identifier marks hold it. */
    record Shown(String tenantId, String accountId, String workerId) {
    }

    /** Where the walk is: in memory only, so that no key of an account (erased, perhaps) is kept for it. */
    private String walked;

    /**
     * The upgrade to the worker stage (issue 29): accounts whose events came before it never told the worker stage
     * their workers, so a worker's erasure would not reach them. This walks the store's identifier marks once, at most
     * {@code limit} entries per call from where the last call stopped, and hands each (account, worker) mark to
     * {@code shown}; the worker stage's mark is idempotent, so an account it knew already costs nothing, and a walk a
     * restart interrupted starts again.
     *
     * @return false once the walk is complete (marked in the store: it is not done again)
     */
    boolean workersShown(int limit, java.util.function.Consumer<Shown> shown) {
        if (store.get(WORKERS_WALKED) != null) {
            return false;
        }
        List<KeyValue<String, byte[]>> entries = store.from(walked == null ? "" : walked + StoreKeys.SEP, limit);
        for (KeyValue<String, byte[]> kv : entries) {
            String[] parts = kv.key.split(String.valueOf(StoreKeys.SEP), -1);
            // tenant, account, kind, id: an identifier mark of a worker
            if (parts.length == 4 && IDENTIFIERS.equals(parts[2]) && parts[3].length() > 1
                    && parts[3].charAt(0) == WORKER) {
                shown.accept(new Shown(parts[0], parts[1], parts[3].substring(1)));
            }
        }
        if (entries.size() < limit) {
            store.put(WORKERS_WALKED, "");
            walked = null;
            return false;
        }
        walked = entries.getLast().key;
        return true;
    }

    /** The key space of a group's events. */
    static String events(EventGroup group) {
        return switch (group) {
            case LOGINS -> "L";
            case BIDS -> "B";
            case MESSAGES -> "M";
            case OTHER -> "O";
        };
    }

    private static String[] events(EventGroup... groups) {
        String[] spaces = new String[groups.length];
        for (int i = 0; i < groups.length; i++) {
            spaces[i] = events(groups[i]);
        }
        return spaces;
    }

    /** One account's view of the store, its state read once. */
    Account account(String tenantId, String accountId) {
        return new Account(StoreKeys.owner(tenantId, accountId));
    }

    /** What other stages hold of an erased account, keyed by: its IPs, devices and rating clients. */
    record Held(Set<String> ips, Set<String> devices, Set<String> clients, int entries) {
    }

    final class Account implements AccountHistory {
        private final String owner;
        private final AccountState state;
        private final boolean erased;
        /** Identifiers this event showed the account for the first time. */
        private List<String> newlyShown = List.of();

        private Account(String owner) {
            this.owner = owner;
            byte[] stored = store.getBytes(StoreKeys.prefix(owner, STATE));
            this.erased = stored != null && Arrays.equals(stored, ERASED);
            this.state = stored == null || erased ? new AccountState() : Codecs.state(stored);
        }

        /** Whether the account was erased: nothing about it is kept or inspected. */
        boolean erased() {
            return erased;
        }

        /**
         * Erases the account: every entry under it goes (each a tombstone in the changelog) and the erased state stays.
         * Returns what other stages key by that the account showed (its identifiers, and its events' clients).
         */
        Held erase() {
            Set<String> ips = new TreeSet<>(), devices = new TreeSet<>(), clients = new TreeSet<>();
            String identifiers = StoreKeys.prefix(owner, IDENTIFIERS);
            Set<String> eventSpaces = Set.of(events(EventGroup.ALL));
            List<KeyValue<String, byte[]>> entries = store.under(owner);
            for (KeyValue<String, byte[]> kv : entries) {
                String rest = kv.key.substring(owner.length());
                if (kv.key.startsWith(identifiers) && kv.key.length() > identifiers.length()) {
                    String shown = kv.key.substring(identifiers.length());
                    switch (shown.charAt(0)) {
                        case IP -> ips.add(shown.substring(1));
                        case DEVICE -> devices.add(shown.substring(1));
                        case CLIENT -> clients.add(shown.substring(1));
                        default -> { }
                    }
                } else if (rest.length() > 1 && rest.charAt(1) == StoreKeys.SEP && eventSpaces.contains(rest.substring(0, 1))) {
                    Activity a = Codecs.activity(kv.value);
                    if (a.text("clientId") != null) {
                        clients.add(a.text("clientId")); // an account marked before clients were marked
                    }
                }
                store.delete(kv.key);
            }
            store.putBytes(StoreKeys.prefix(owner, STATE), ERASED);
            return new Held(ips, devices, clients, entries.size());
        }

        /** Whether this event showed the identifier (its kind's letter, then the value) for the first time. */
        boolean newlyShown(String identifier) {
            return newlyShown.contains(identifier);
        }

        @Override
        public AccountState state() {
            return state;
        }

        /** Whether the account's history holds this event already (a replay). */
        boolean holds(Activity e) {
            // every stored event is at or before the account's newest, so only an event there can be one
            return state.newest != null && !e.at().isAfter(state.newest)
                    && store.getBytes(StoreKeys.timed(owner, events(EventGroup.of(e.type())), e.at(), e.eventId())) != null;
        }

        /**
         * Places the event in the account's history, with the state's newest time and distinct IPs.
         *
         * @return whether the event's IP is new to the account
         */
        boolean add(Activity e) {
            store.put(owner, events(EventGroup.of(e.type())), e);
            state.newest = state.newest == null || e.at().isAfter(state.newest) ? e.at() : state.newest;
            boolean newIp = e.ip() != null && firstShown("P" + e.ip());
            if (newIp) {
                state.counts.ips++;
            }
            return newIp;
        }

        /** Marks an identifier the account shows (its kind's letter, then the value): true the first time. */
        boolean firstShown(String identifier) {
            boolean first = store.mark(owner, IDENTIFIERS, identifier, "");
            if (first) {
                if (newlyShown.isEmpty()) {
                    newlyShown = new ArrayList<>(2);
                }
                newlyShown.add(identifier);
            }
            return first;
        }

        /** Marks a signal emitted for the account: true the first time (a replay re-emits nothing). */
        boolean firstEmitted(String signalId) {
            return store.mark(owner, SIGNALS, signalId, "");
        }

        /** Drops the events before {@code cutoff} and what the state keeps only about them. */
        void forgetBefore(Instant cutoff) {
            store.prune(owner, cutoff, events(EventGroup.ALL));
            state.forgetBefore(cutoff);
        }

        void save() {
            store.putBytes(StoreKeys.prefix(owner, STATE), Codecs.state(state));
        }

        @Override
        public List<Activity> between(Instant from, Instant to, EventGroup... groups) {
            return store.between(owner, from, to, events(groups));
        }

        @Override
        public Optional<Activity> before(Activity e, EventGroup... groups) {
            return store.before(owner, e, events(groups));
        }

        @Override
        public Optional<Activity> after(Activity e, EventGroup... groups) {
            return store.after(owner, e, events(groups));
        }

        @Override
        public Optional<Activity> firstFrom(Instant at, EventGroup... groups) {
            return store.firstFrom(owner, at, events(groups));
        }
    }
}
