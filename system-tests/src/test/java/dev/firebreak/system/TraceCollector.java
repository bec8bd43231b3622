package dev.firebreak.system;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on loopback for the system tests (no collector exists on this machine): the services
 * export their spans to {@code /v1/traces} as protobuf (opentelemetry-proto's classes read them), and the tests ask
 * which spans a trace holds. Keeps the last {@link #MAX} spans.
 */
final class TraceCollector implements AutoCloseable {

    static final int MAX = 200_000;

    /** A span as exported: its service, ids (hex), name, kind and string attributes. */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
                Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final Deque<Span> spans = new ArrayDeque<>();
    private long requests;
    private String lastFailure;

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    static TraceCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TraceCollector collector = new TraceCollector(server);
            server.createContext("/v1/traces", exchange -> {
                try (exchange) {
                    byte[] body;
                    try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                            ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    collector.add(ExportTraceServiceRequest.parseFrom(body));
                    byte[] reply = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, reply.length == 0 ? -1 : reply.length);
                    if (reply.length > 0) {
                        exchange.getResponseBody().write(reply);
                    }
                } catch (IOException | RuntimeException | LinkageError e) {
                    // an export this collector cannot read: the exporter hears 400, the tests hear why
                    collector.failed(e);
                    exchange.sendResponseHeaders(400, -1);
                }
            });
            server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the services export: the base address (Quarkus's exporter adds OTLP/HTTP's {@code /v1/traces}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void add(ExportTraceServiceRequest request) {
        requests++;
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(a -> a.getValue().getStringValue())
                    .findFirst().orElse("");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : scope.getSpansList()) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    for (KeyValue a : s.getAttributesList()) {
                        attributes.put(a.getKey(), text(a.getValue()));
                    }
                    spans.addLast(new Span(service, hex.formatHex(s.getTraceId().toByteArray()),
                            hex.formatHex(s.getSpanId().toByteArray()), hex.formatHex(s.getParentSpanId().toByteArray()),
                            s.getName(), s.getKind().name(), attributes));
                    if (spans.size() > MAX) {
                        spans.removeFirst();
                    }
                }
            }
        }
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(TraceCollector::text).toList().toString();
            default -> value.toString();
        };
    }

    /** The spans of one trace received so far. */
    synchronized List<Span> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private synchronized void failed(Throwable e) {
        lastFailure = e.toString();
    }

    /** How many exports were read (the services export at all). */
    synchronized long requests() {
        return requests;
    }

    /** Why the last export could not be read, or null. */
    synchronized String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
