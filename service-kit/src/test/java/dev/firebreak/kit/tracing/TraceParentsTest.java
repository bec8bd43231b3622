package dev.firebreak.kit.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceParentsTest {

    @Test
    void noSpanNoTraceparent() {
        // tracing off (the default): no span is current, nothing is written to an outbox row or a queue
        assertNull(TraceParents.current());
    }

    @Test
    void theCurrentSpanIsWrittenAndReadBackAsItsParent() {
        try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
            Span span = provider.get("test").spanBuilder("request").startSpan();
            String written;
            try (Scope ignored = span.makeCurrent()) {
                written = TraceParents.current();
            } finally {
                span.end();
            }
            SpanContext sent = span.getSpanContext();
            assertEquals("00-" + sent.getTraceId() + "-" + sent.getSpanId() + "-01", written);
            SpanContext parent = Span.fromContext(TraceParents.parent(written)).getSpanContext();
            assertEquals(sent.getTraceId(), parent.getTraceId());
            assertEquals(sent.getSpanId(), parent.getSpanId());
            assertTrue(parent.isRemote());
            assertTrue(parent.isSampled());
        }
    }

    @Test
    void aMalformedOrMissingTraceparentIsNoParent() {
        for (String bad : new String[] {null, "", "garbage", "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "zz-" + "a".repeat(60)}) {
            Context context = TraceParents.parent(bad);
            assertFalse(Span.fromContext(context).getSpanContext().isValid(), String.valueOf(bad));
        }
    }

    @Test
    void onlyTheTraceparentHeaderIsCarriedOnAndAnOversizedOneIsNot() {
        Headers in = new RecordHeaders();
        in.add("tenant-id", "t1".getBytes(StandardCharsets.UTF_8));
        in.add(TraceParents.HEADER, "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        Headers out = TraceParents.carried(in);
        assertNull(out.lastHeader("tenant-id"));
        assertArrayEquals(in.lastHeader(TraceParents.HEADER).value(), out.lastHeader(TraceParents.HEADER).value());
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01", TraceParents.of(in));

        Headers oversized = new RecordHeaders().add(TraceParents.HEADER, "a".repeat(4096).getBytes(StandardCharsets.UTF_8));
        assertNull(TraceParents.of(oversized));
        assertFalse(TraceParents.carried(oversized).iterator().hasNext());
        // what a tenant's topic may hold: a NUL byte, other characters, too short; none goes on (nor to a database)
        for (String bad : new String[] {"00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-0\u0000",
                "00-0AF7651916CD43DD8448EB211C80319C-00F067AA0BA902B7-01", "00-abc", "not a trace parent at all, "
                + "though it is long enough to pass a length check"}) {
            Headers h = new RecordHeaders().add(TraceParents.HEADER, bad.getBytes(StandardCharsets.UTF_8));
            assertNull(TraceParents.of(h), bad);
            assertFalse(TraceParents.carried(h).iterator().hasNext(), bad);
        }
        assertFalse(TraceParents.carried(new RecordHeaders()).iterator().hasNext());
        assertNull(TraceParents.of(null));
    }
}
