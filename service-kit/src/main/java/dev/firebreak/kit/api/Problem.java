package dev.firebreak.kit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem details body. {@code type} names the kind of problem; {@code errors} lists the
 * offending fields of a validation failure. Never carries the request's values (they may be personal data).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<Map<String, String>> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://firebreak.dev/problems/";

    public static Response response(int status, String title, String detail, String instance,
                                    List<Map<String, String>> errors) {
        Problem problem = new Problem(TYPE_BASE + slug(status), title, status, detail, instance, errors);
        return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "unprocessable";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "client-error";
        };
    }
}
