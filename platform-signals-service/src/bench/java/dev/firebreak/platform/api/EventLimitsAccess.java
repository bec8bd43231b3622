package dev.firebreak.platform.api;

/** The benchmarks' way to the event check, which is package-private. */
public final class EventLimitsAccess {

    private EventLimitsAccess() {
    }

    public static String problem(EventRequest e) {
        return EventLimits.Check.problem(e);
    }
}
