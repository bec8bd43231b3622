package dev.firebreak.kit.api;

import dev.firebreak.contract.MessageChecks;

import java.time.Instant;

/**
 * The contract's limits as the services' APIs check their input: what a REST request may carry is what the topics'
 * consumers accept, so that nothing a service takes is refused downstream. (The APIs do not see the contract's types;
 * this is their view of {@link MessageChecks}.)
 */
public final class InputLimits {

    private InputLimits() {
    }

    /** Whether an event time lies in the window every service accepts, read against {@code now}. */
    public static boolean inWindow(Instant t, Instant now) {
        return MessageChecks.inWindow(t, now);
    }

    /** The window as a person reads it. */
    public static String window() {
        return MessageChecks.window();
    }

    /** One line of printable characters: no control character, no unpaired surrogate. */
    public static boolean printable(String s) {
        return MessageChecks.printable(s);
    }
}
