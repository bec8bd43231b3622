package dev.firebreak.platform.detect;

import dev.firebreak.platform.event.EventType;

/**
 * The groups an account's history is read by: a detector asks for the logins, the bids (and acceptances), the
 * messages, or everything, and an implementation of {@link AccountHistory} keeps each group in time order.
 */
public enum EventGroup {
    LOGINS, BIDS, MESSAGES, OTHER;

    /** Every group: the account's whole history. */
    public static final EventGroup[] ALL = values();

    public static EventGroup of(EventType type) {
        return switch (type) {
            case LOGIN -> LOGINS;
            case BID, BID_ACCEPTED -> BIDS;
            case MESSAGE -> MESSAGES;
            default -> OTHER;
        };
    }
}
