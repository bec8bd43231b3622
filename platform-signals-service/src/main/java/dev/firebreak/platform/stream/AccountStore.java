package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.AccountHistory;
import dev.firebreak.platform.detect.AccountState;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.EventGroup;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    private final EventStore store;

    AccountStore(KeyValueStore<String, byte[]> store) {
        this.store = new EventStore(store);
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

    final class Account implements AccountHistory {
        private final String owner;
        private final AccountState state;

        private Account(String owner) {
            this.owner = owner;
            byte[] stored = store.getBytes(StoreKeys.prefix(owner, STATE));
            this.state = stored == null ? new AccountState() : Codecs.state(stored);
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
            return store.mark(owner, IDENTIFIERS, identifier, "");
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
