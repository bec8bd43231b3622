package dev.firebreak.kit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * A problem for the one error the HTTP layer answers before any resource runs: a declared body over
 * {@code quarkus.http.limits.max-body-size}. Quarkus's own check (route order -2) answers with an empty 413;
 * this route runs just before it and answers the same status as {@code application/problem+json}.
 */
@ApplicationScoped
public class HttpLayerProblems {

    private final ObjectMapper json;
    private final long maxBodySize;

    public HttpLayerProblems(ObjectMapper json,
                             @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-3).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > maxBodySize) {
                    write(ctx, 413, "Payload Too Large", "request body larger than " + maxBodySize + " bytes");
                    return;
                }
            } catch (NumberFormatException e) {
                write(ctx, 400, "Bad Request", "malformed Content-Length");
                return;
            }
        }
        ctx.next();
    }

    private void write(RoutingContext ctx, int status, String title, String detail) {
        String type = "https://firebreak.dev/problems/" + (status == 413 ? "payload-too-large" : "bad-request");
        try {
            ctx.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(new Problem(type, title, status, detail, ctx.request().path(), List.of())));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(status).end();
        }
    }
}
