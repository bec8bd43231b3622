package dev.firebreak.platform.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One account's events as {@link AccountDetectors} read them, and what they keep about the account between events.
 * The topology's implementation reads the account's state store; the unit tests' keeps a list in memory. Either way
 * the history holds the event being inspected, and the detectors are the same code.
 *
 * <p>An implementation keeps, as it stores each event, {@link AccountState#newest} and {@link AccountState.Counts#ips}
 * (the account's distinct IPs); everything else in the state is the detectors' own.
 */
public interface AccountHistory {

    /** What the detectors keep about the account between its events. */
    AccountState state();

    /** The account's events of the groups between two times (both inclusive), by time and then event id. */
    List<Activity> between(Instant from, Instant to, EventGroup... groups);

    /** The account's latest event of the groups before {@code e} (by time, then event id), if any. */
    Optional<Activity> before(Activity e, EventGroup... groups);

    /** The account's earliest event of the groups after {@code e} (by time, then event id), if any. */
    Optional<Activity> after(Activity e, EventGroup... groups);

    /** The account's earliest event of the groups at or after {@code at}, if any. */
    Optional<Activity> firstFrom(Instant at, EventGroup... groups);
}
