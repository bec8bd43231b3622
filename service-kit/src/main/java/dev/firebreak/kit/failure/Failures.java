package dev.firebreak.kit.failure;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a log line may say of a failure: the classes of its causes, an SQLState, and where it was thrown; never a
 * message, which can quote the data (PostgreSQL's {@code Key (tenant_id, worker_id)=(…)} detail, a parser's excerpt
 * of its input).
 */
public final class Failures {

    private Failures() {
    }

    /** E.g. {@code PersistenceException <- PSQLException (SQLState 23505) at dev.firebreak.…(Outbox.java:88)}. */
    public static String describe(Throwable failure) {
        List<String> chain = new ArrayList<>();
        Throwable root = failure;
        for (Throwable c = failure; c != null && chain.size() < 8; c = c.getCause() == c ? null : c.getCause()) {
            String name = c.getClass().getSimpleName();
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                name += " (SQLState " + sql.getSQLState() + ")";
            }
            chain.add(name);
            root = c;
        }
        return String.join(" <- ", chain) + " at " + where(root);
    }

    /** The SQLState of the first SQL failure in the chain, if any. */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /** The first frame of our own code in the stack, else the top frame. */
    private static String where(Throwable failure) {
        StackTraceElement[] stack = failure.getStackTrace();
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("dev.firebreak.")) {
                return frame.toString();
            }
        }
        return stack.length == 0 ? "an unknown place" : stack[0].toString();
    }
}
