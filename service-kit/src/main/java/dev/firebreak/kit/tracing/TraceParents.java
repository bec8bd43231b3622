package dev.firebreak.kit.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace's W3C {@code traceparent}, carried where OpenTelemetry's own propagation cannot go: in an outbox row (the
 * message leaves on the relay's thread after the request's transaction), through the platform topology's stages (Kafka
 * Streams keeps a record's headers only where a stage passes them on), and in the aggregator's refresh queue (a tier
 * changes in a refresh batch, seconds after the signal that caused it). Formatting and reading are OpenTelemetry's
 * ({@link W3CTraceContextPropagator}); {@code tracestate} is not carried. While tracing is off (the default: the SDK
 * is disabled) no span is valid, {@link #current()} is null, and nothing is written anywhere.
 */
public final class TraceParents {

    /** The W3C header, also the name of the Kafka record header. */
    public static final String HEADER = "traceparent";

    private static final TextMapGetter<String> ONE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private TraceParents() {
    }

    /** The current span's {@code traceparent}, or null when there is none (tracing off, or no span). */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** A context whose parent is the span a {@code traceparent} names; the root context if it is null or malformed. */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isEmpty()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, ONE);
    }

    /**
     * A record's {@code traceparent} header, or null when it has none or one that cannot be one: only lower-case hex
     * digits and dashes, at most 128 of them (a tenant's topic is input: anything else, a NUL byte say, would otherwise
     * reach a database column). Whether the ids are valid is checked when it is used ({@link #parent}).
     */
    public static String of(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        return header != null && plausible(header.value()) ? new String(header.value(), StandardCharsets.US_ASCII) : null;
    }

    private static boolean plausible(byte[] value) {
        if (value == null || value.length < 55 || value.length > 128) {
            return false; // version 00 is 55 characters; later versions may only add to it
        }
        for (byte b : value) {
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Headers carrying on a record's {@code traceparent} (and nothing else of it) to the records a stage makes from it;
     * empty headers when it has none, as the stages wrote before.
     */
    public static Headers carried(Headers from) {
        Header header = from == null ? null : from.lastHeader(HEADER);
        RecordHeaders headers = new RecordHeaders();
        if (header != null && plausible(header.value())) {
            headers.add(HEADER, header.value());
        }
        return headers;
    }
}
