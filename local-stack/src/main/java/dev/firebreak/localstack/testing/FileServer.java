package dev.firebreak.localstack.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A publisher of files on loopback for services' tests (a sanctions list's official address): {@code GET /<name>}
 * serves what was put there, with an ETag of its content (304 to a matching {@code If-None-Match}), or the status
 * set for it; 404 for a name never put. Tests put files and statuses over HTTP ({@link #put}, {@link #answer}), so it
 * works whatever class loader a test and the service under test see. Started by {@link LocalInfraResource}, which
 * gives its address as {@code firebreak.test.files-url}.
 */
public final class FileServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger notModified = new AtomicInteger();

    private FileServer(HttpServer server) {
        this.server = server;
    }

    public static FileServer start() {
        try {
            FileServer files = new FileServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            files.server.createContext("/", files::handle);
            files.server.start();
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath();
        try (exchange) {
            if (exchange.getRequestMethod().equals("PUT")) {
                String status = exchange.getRequestHeaders().getFirst("X-Answer-Status");
                if (status != null) {
                    statuses.put(name, Integer.parseInt(status));
                } else {
                    files.put(name, exchange.getRequestBody().readAllBytes());
                    statuses.remove(name);
                }
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (name.equals("/_not-modified")) {
                byte[] count = Integer.toString(notModified.get()).getBytes();
                exchange.sendResponseHeaders(200, count.length);
                exchange.getResponseBody().write(count);
                return;
            }
            byte[] body = files.get(name);
            Integer status = statuses.get(name);
            if (status != null) {
                exchange.sendResponseHeaders(status, -1);
            } else if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                String etag = "\"" + Integer.toHexString(Arrays.hashCode(body)) + "\"";
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    notModified.incrementAndGet();
                    exchange.sendResponseHeaders(304, -1);
                } else {
                    exchange.getResponseHeaders().add("ETag", etag);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
        }
    }

    /** Puts a file at {@code url} (a name under {@link #url()}): served from now on with 200. */
    public static void put(String url, byte[] content) {
        send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    /** Makes {@code url} answer {@code status} (until a file is put there again). */
    public static void answer(String url, int status) {
        send(HttpRequest.newBuilder(URI.create(url)).header("X-Answer-Status", Integer.toString(status))
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** How many requests were answered 304 so far (the server at {@code baseUrl}). */
    public static int notModified(String baseUrl) {
        return Integer.parseInt(send(HttpRequest.newBuilder(URI.create(baseUrl + "_not-modified")).GET().build()));
    }

    private static String send(HttpRequest request) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
