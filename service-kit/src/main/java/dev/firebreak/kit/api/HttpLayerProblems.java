package dev.firebreak.kit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Body limits answered before any resource runs, as {@code application/problem+json} 413s. Quarkus's own check (route
 * order -2) has one limit for all paths and answers with an empty 413; these routes run just before it, so that file
 * uploads can be allowed more than JSON requests:
 * <ul>
 *   <li>a declared {@code Content-Length} over the endpoint's limit is refused before a byte is read;</li>
 *   <li>a body without one ({@code Transfer-Encoding: chunked}, or HTTP/2) on an ordinary endpoint is read by Vert.x's
 *       {@link BodyHandler}, which counts the bytes as they arrive and stops at the limit; the resource then reads
 *       the body from memory (at most the limit, 1 MB for JSON endpoints).</li>
 * </ul>
 */
@ApplicationScoped
public class HttpLayerProblems {

    /** Methods whose requests carry a body; without a Content-Length (chunked, or HTTP/2) it is counted. */
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    /** How long a refused HTTP/1.x request's connection stays open for its answer to be read. */
    private static final long CLOSE_AFTER_MILLIS = 1_000;

    private final ObjectMapper json;
    private final long maxBodySize;
    private final Optional<String> largeBodyPrefix;
    private final long largeBodySize;

    /**
     * @param quarkusLimit Quarkus's own body limit (a {@code quarkus.*} key, so read as a property, not a mapping):
     *                     the endpoints that take files are limited only by it
     */
    public HttpLayerProblems(ObjectMapper json,
                             @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize quarkusLimit,
                             HttpSettings.Limits limits) {
        this.json = json;
        this.largeBodySize = quarkusLimit.asLongValue();
        this.maxBodySize = limits.maxBodySize().map(MemorySize::asLongValue).orElse(largeBodySize);
        this.largeBodyPrefix = limits.largeBodyPathPrefix();
    }

    void install(@Observes Router router) {
        BodyHandler counted = BodyHandler.create(false).setBodyLimit(maxBodySize);
        router.route().order(-3).handler(ctx -> checkLength(ctx, counted)).failureHandler(ctx -> {
            if (ctx.response().ended()) {
                return; // the input failing after the answer went out: the connection this class closed
            }
            if (ctx.statusCode() == 413) {
                write(ctx, 413, "Payload Too Large", "request body larger than " + maxBodySize + " bytes");
            } else {
                ctx.next();
            }
        });
    }

    private void checkLength(RoutingContext ctx, BodyHandler counted) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        // the path as it is routed (dot segments and repeated slashes resolved): /api/v1/watchlists/../documents is
        // the documents endpoint, and gets its limit
        boolean large = largeBodyPrefix.filter(prefix -> ctx.normalizedPath().startsWith(prefix)).isPresent();
        if (declared == null && !large && BODY_METHODS.contains(ctx.request().method())) {
            counted.handle(ctx);
            return;
        }
        if (declared != null) {
            long limit = large ? largeBodySize : maxBodySize;
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

    /**
     * Answers the problem, then stops the request's input: the connection is closed a second later (HTTP/1.x) or the
     * stream reset (HTTP/2), so that the rest of an oversized body is not read for long. Meanwhile what arrives is
     * dropped, never kept.
     */
    private void write(RoutingContext ctx, int status, String title, String detail) {
        String type = "https://firebreak.dev/problems/" + (status == 413 ? "payload-too-large" : "bad-request");
        String body;
        try {
            body = json.writeValueAsString(new Problem(type, title, status, detail, ctx.request().path(), List.of()));
        } catch (JsonProcessingException e) {
            body = "";
        }
        boolean http2 = ctx.request().version() == HttpVersion.HTTP_2;
        if (!http2) {
            // HTTP/2 has no Connection header (a client refuses a response that carries one)
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body).onComplete(done -> {
                    if (http2) {
                        ctx.response().reset();
                    } else {
                        // not at once: a socket closed with unread input answers the client with a reset that can
                        // destroy the response before it is read; meanwhile the input is read and dropped
                        ctx.vertx().setTimer(CLOSE_AFTER_MILLIS, t -> ctx.request().connection().close());
                    }
                });
    }
}
