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
import java.util.Optional;

/**
 * Body limits answered before any resource runs, as {@code application/problem+json}: a declared body over the
 * limit of its endpoint. Quarkus's own check (route order -2) has one limit for all paths and answers with an
 * empty 413; this route runs just before it, so that file uploads can be allowed more than JSON requests.
 */
@ApplicationScoped
public class HttpLayerProblems {

    private final ObjectMapper json;
    private final long maxBodySize;
    private final Optional<String> largeBodyPrefix;
    private final long largeBodySize;

    /**
     * @param maxBodySize     the limit of ordinary endpoints ({@code firebreak.http.max-body-size})
     * @param largeBodyPrefix the path prefix of endpoints that take files (e.g. list uploads), limited only by
     *                        {@code quarkus.http.limits.max-body-size}
     */
    public HttpLayerProblems(ObjectMapper json,
                             @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize quarkusLimit,
                             @ConfigProperty(name = "firebreak.http.max-body-size") Optional<MemorySize> maxBodySize,
                             @ConfigProperty(name = "firebreak.http.large-body-path-prefix") Optional<String> largeBodyPrefix) {
        this.json = json;
        this.largeBodySize = quarkusLimit.asLongValue();
        this.maxBodySize = maxBodySize.map(MemorySize::asLongValue).orElse(largeBodySize);
        this.largeBodyPrefix = largeBodyPrefix;
    }

    void install(@Observes Router router) {
        router.route().order(-3).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            long limit = largeBodyPrefix.filter(prefix -> ctx.request().path().startsWith(prefix)).isPresent()
                    ? largeBodySize : maxBodySize;
            try {
                if (Long.parseLong(declared.strip()) > limit) {
                    write(ctx, 413, "Payload Too Large", "request body larger than " + limit + " bytes");
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
