package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Plain HTTP calls to the running services, as an integrating client makes them. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private Api() {
    }

    record Reply(int status, String contentType, JsonNode body) {
    }

    static Reply post(LocalStack stack, String module, String path, String token, Object body) {
        return post(stack, module, path, token, body, Map.of());
    }

    /** A POST with headers of the caller's besides the token (e.g. a traceparent). */
    static Reply post(LocalStack stack, String module, String path, String token, Object body,
                      Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.config().service(module).url() + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            headers.forEach(request::header);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return reply(Http.send(request.build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply get(LocalStack stack, String module, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.config().service(module).url() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return reply(Http.send(request.build()));
    }

    /** A GET on the service's management port (health, metrics, the OpenAPI document), never the API port. */
    static Reply management(LocalStack stack, String module, String path) {
        return reply(Http.send(HttpRequest.newBuilder(URI.create(stack.config().service(module).managementUrl() + path))
                .GET().build()));
    }

    private static final java.util.regex.Pattern SAMPLE = java.util.regex.Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)} (\\S+)(?: # .*)?$");

    /**
     * The values of a metric's samples in a scrape whose labels contain every one of {@code labelParts}. A sample's
     * exemplar (the trace that last moved a counter, {@code # {span_id=...,trace_id=...} value time}, written while
     * tracing is on) is not its value.
     */
    static List<Double> samples(String scrape, String name, String... labelParts) {
        List<Double> values = new java.util.ArrayList<>();
        for (String line : scrape.lines().toList()) {
            java.util.regex.Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)
                    && java.util.Arrays.stream(labelParts).allMatch(part -> m.group(2).contains(part))) {
                values.add(Double.parseDouble(m.group(3)));
            }
        }
        return values;
    }

    /** The service's Prometheus scrape, as text. */
    static String metrics(LocalStack stack, String module) {
        return Http.send(HttpRequest.newBuilder(URI.create(stack.config().service(module).managementUrl() + "/q/metrics"))
                .GET().build()).body();
    }

    static Reply delete(LocalStack stack, String module, String path, String token) {
        return reply(Http.send(HttpRequest.newBuilder(URI.create(stack.config().service(module).url() + path))
                .header("Authorization", "Bearer " + token).DELETE().build()));
    }

    private static Reply reply(HttpResponse<String> response) {
        try {
            JsonNode body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body);
        } catch (IOException e) {
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    JSON.getNodeFactory().textNode(response.body()));
        }
    }
}
