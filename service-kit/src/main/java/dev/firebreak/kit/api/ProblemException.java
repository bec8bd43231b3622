package dev.firebreak.kit.api;

import java.util.List;
import java.util.Map;

/** A client error the service reports as an RFC 9457 problem (never a 500). */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Map<String, String>> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, List<Map<String, String>> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", what + " not found");
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "Invalid request", field + ": " + message,
                List.of(Map.of("field", field, "message", message)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Map<String, String>> errors() {
        return errors;
    }
}
