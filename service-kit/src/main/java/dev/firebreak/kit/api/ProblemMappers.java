package dev.firebreak.kit.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.firebreak.kit.failure.Failures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Every error of every endpoint as {@code application/problem+json} (RFC 9457). */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper(priority = 1)
    public Response problem(ProblemException e, UriInfo uri) {
        return Problem.response(e.status(), e.title(), e.getMessage(), path(uri), e.errors());
    }

    @ServerExceptionMapper(priority = 1)
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing((ConstraintViolation<?> v) -> field(v)))
                .map(v -> Map.of("field", field(v), "message", v.getMessage()))
                .toList();
        String detail = errors.stream().map(m -> m.get("field") + ": " + m.get("message"))
                .collect(Collectors.joining("; "));
        return Problem.response(400, "Invalid request", detail, path(uri), errors);
    }

    @ServerExceptionMapper(priority = 1)
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        String detail = "the body is not valid JSON for this endpoint";
        List<Map<String, String>> errors = List.of();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            detail = "field '" + field + "' has the wrong type or format";
            errors = List.of(Map.of("field", field, "message", "wrong type or format"));
        } else if (e.getLocation() != null) {
            detail = "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
        }
        return Problem.response(400, "Malformed request body", detail, path(uri), errors);
    }

    // Quarkus ships mappers for these exact Jackson types; the closest type wins, so ours must name them too.
    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response parse(JsonParseException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response endOfInput(JsonEOFException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response instantiation(ValueInstantiationException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.response(403, "Forbidden", "the token lacks the role this endpoint requires", path(uri),
                List.of());
    }

    @ServerExceptionMapper(priority = 1)
    public Response web(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformed(json, uri);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf("request failed: %s", Failures.describe(e));
            return Problem.response(status, "Internal error", "the request could not be processed", path(uri), List.of());
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Client error";
        Response.ResponseBuilder builder = Response.fromResponse(
                Problem.response(status, title, detail(e, status), path(uri), List.of()));
        Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    /**
     * The net under the services' validation: a value PostgreSQL refuses (SQLState class 22: too long, a U+0000, out
     * of range) is the client's input, answered 400; a uniqueness or other constraint (class 23) a 409. Anything else
     * is ours, a 500. The log says the failure's classes, SQLState and place, never its message: PostgreSQL's detail
     * quotes the row's values.
     */
    @ServerExceptionMapper(priority = 2)
    public Response unexpected(Exception e, UriInfo uri) {
        String state = Failures.sqlState(e).orElse("");
        if (state.startsWith("22")) {
            LOG.warnf("a request's value was refused by the database: %s", Failures.describe(e));
            return Problem.response(400, "Bad request", "a value cannot be stored (too long, out of range or with a "
                    + "control character)", path(uri), List.of());
        }
        if (state.startsWith("23")) {
            LOG.warnf("a request conflicted with stored data: %s", Failures.describe(e));
            return Problem.response(409, "Conflict", "the request conflicts with what is stored; retry it",
                    path(uri), List.of());
        }
        LOG.errorf("unexpected error: %s", Failures.describe(e));
        return Problem.response(500, "Internal error", "the request could not be processed", path(uri), List.of());
    }

    private static Response unauthorized(UriInfo uri) {
        return Response.fromResponse(Problem.response(401, "Unauthorized",
                        "a valid bearer token is required", path(uri), List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static String detail(WebApplicationException e, int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the requested media type";
            case 413 -> "request body too large";
            case 415 -> "unsupported media type; send application/json";
            default -> e.getMessage() == null ? "bad request" : e.getMessage();
        };
    }

    /**
     * The field as the client wrote it: {@code create.request.workerId} is {@code workerId}, the element 1 of a posted
     * list is {@code [1].type}, a constraint of the element's class on one of its fields {@code [1].occurredAt}, the
     * first string of a list field {@code mrz[0]}; the
     * method and the request-body parameter are dropped, a query or path parameter keeps its name.
     */
    static String field(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() != ElementKind.METHOD && node.getKind() != ElementKind.CONSTRUCTOR) {
                nodes.add(node);
            }
        }
        if (nodes.size() > 1 && nodes.getFirst().getKind() == ElementKind.PARAMETER) {
            nodes.removeFirst();
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : nodes) {
            String index = node.getIndex() != null ? "[" + node.getIndex() + "]"
                    : node.getKey() != null ? "[" + node.getKey() + "]" : "";
            String name = node.getName() == null || node.getKind() == ElementKind.CONTAINER_ELEMENT ? "" : node.getName();
            field.append(index);
            if (!name.isEmpty()) {
                field.append(field.isEmpty() ? "" : ".").append(name);
            }
        }
        return field.isEmpty() ? violation.getPropertyPath().toString() : field.toString();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
