package dev.firebreak.platform.detect;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account's history in memory, for the detectors' unit tests: what the topology's store-backed history does
 * (events in time order, the newest time, the distinct IPs), without Kafka Streams. {@link #inspect} places an event
 * and runs the production detectors on it, as the account stage does.
 */
final class InMemoryAccountHistory implements AccountHistory {

    private static final Comparator<Activity> ORDER = Comparator.comparing(Activity::at).thenComparing(Activity::eventId);

    private final AccountState state = new AccountState();
    private final TreeSet<Activity> events = new TreeSet<>(ORDER);
    private final Set<String> ips = new HashSet<>();

    /** Places {@code e} (arriving now, whatever its time) and returns what the detectors find on it. */
    List<Finding> inspect(AccountDetectors detectors, Activity e) {
        events.add(e);
        state.newest = state.newest == null || e.at().isAfter(state.newest) ? e.at() : state.newest;
        if (e.ip() != null && ips.add(e.ip())) {
            state.counts.ips++;
        }
        return detectors.inspect(this, e);
    }

    @Override
    public AccountState state() {
        return state;
    }

    @Override
    public List<Activity> between(Instant from, Instant to, EventGroup... groups) {
        return events.stream().filter(a -> !a.at().isBefore(from) && !a.at().isAfter(to) && in(a, groups)).toList();
    }

    @Override
    public Optional<Activity> before(Activity e, EventGroup... groups) {
        return Optional.ofNullable(events.descendingSet().tailSet(e, false).stream().filter(a -> in(a, groups))
                .findFirst().orElse(null));
    }

    @Override
    public Optional<Activity> after(Activity e, EventGroup... groups) {
        return events.tailSet(e, false).stream().filter(a -> in(a, groups)).findFirst();
    }

    @Override
    public Optional<Activity> firstFrom(Instant at, EventGroup... groups) {
        return events.stream().filter(a -> !a.at().isBefore(at) && in(a, groups)).findFirst();
    }

    private static boolean in(Activity a, EventGroup... groups) {
        EventGroup group = EventGroup.of(a.type());
        for (EventGroup g : groups) {
            if (g == group) {
                return true;
            }
        }
        return false;
    }
}
