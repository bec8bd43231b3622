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
