package dev.firebreak.aggregator.assessment;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tier-change spans on a real OpenTelemetry SDK (the services' is off unless a deployment turns it on). */
class TierChangeSpansTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SIGNAL_SPAN = "00f067aa0ba902b7";

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();
    private final TierChangeSpans spans = new TierChangeSpans(provider.get("test"));

    @AfterEach
    void close() {
        provider.close();
    }

    private static AssessmentRefresh.Changed change(String worker, Tier tier, Tier previous) {
        return new AssessmentRefresh.Changed("t1", worker, tier, previous, 0.9, List.of("ID-03", "PL-09"), Instant.now());
    }

    @Test
    void aTierChangeContinuesTheTraceItsWorkerWasQueuedWith() {
        spans.record(List.of(change("w1", Tier.CRITICAL, null)),
                Map.of("w1", "00-" + TRACE + "-" + SIGNAL_SPAN + "-01"), Instant.now());
        assertEquals(1, exported.size());
        SpanData span = exported.getFirst();
        assertEquals(TierChangeSpans.NAME, span.getName());
        assertEquals(TRACE, span.getTraceId());
        assertEquals(SIGNAL_SPAN, span.getParentSpanId());
        assertEquals("CRITICAL", span.getAttributes().get(TierChangeSpans.TIER));
        assertEquals("CLEAR", span.getAttributes().get(TierChangeSpans.PREVIOUS_TIER));
        assertEquals("t1", span.getAttributes().get(TierChangeSpans.TENANT));
        assertEquals(List.of("ID-03", "PL-09"), span.getAttributes().get(TierChangeSpans.FLAGS));
        assertFalse(span.getAttributes().asMap().values().stream().anyMatch(v -> String.valueOf(v).contains("w1")),
                "no worker id on a span");
    }

    @Test
    void aScoreMovementAloneIsNotTraced() {
        spans.record(List.of(change("w1", Tier.HIGH_RISK, Tier.HIGH_RISK), change("w2", Tier.CLEAR, null)),
                Map.of("w1", "00-" + TRACE + "-" + SIGNAL_SPAN + "-01"), Instant.now());
        assertTrue(exported.isEmpty(), exported.toString());
    }

    @Test
    void aChangeWithoutOrWithAMalformedTraceStartsATraceOfItsOwn() {
        spans.record(List.of(change("w1", Tier.CLEAR, Tier.HIGH_RISK), change("w2", Tier.MONITOR, Tier.CLEAR)),
                Map.of("w2", "00-garbage"), Instant.now());
        assertEquals(2, exported.size());
        for (SpanData span : exported) {
            assertFalse(span.getParentSpanContext().isValid(), span.toString());
            assertFalse(span.getTraceId().equals(TRACE));
        }
    }
}
