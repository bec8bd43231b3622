package dev.firebreak.aggregator.assessment;

import dev.firebreak.kit.tracing.TraceParents;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The end of a trace that began with a REST call or a tenant's message: a span for each tier change of a refresh, a
 * child of the span of the signal (or observation) that queued the worker, so a trace runs from the request through
 * the outbox and Kafka to the tier it caused. A change without a queued trace is a child of the current span (a
 * review's or an erasure's request), or starts a trace of its own (a time sweep; tracing off when its evidence came). No worker id goes on a span: a trace store is not a place
 * erasure reaches; the tenant, the tiers and the codes say what happened.
 */
@ApplicationScoped
public class TierChangeSpans {

    public static final String NAME = "assessment tier change";
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("firebreak.tenant");
    static final AttributeKey<String> TIER = AttributeKey.stringKey("firebreak.tier");
    static final AttributeKey<String> PREVIOUS_TIER = AttributeKey.stringKey("firebreak.previous_tier");
    static final AttributeKey<List<String>> FLAGS = AttributeKey.stringArrayKey("firebreak.flags");

    private final Tracer tracer;

    public TierChangeSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * One span per change of tier among {@code changes} (score movements alone are not traced), from {@code started}
     * (the refresh's start) to now.
     *
     * @param traces worker → the traceparent it was queued with
     */
    void record(List<AssessmentRefresh.Changed> changes, Map<String, String> traces, Instant started) {
        for (AssessmentRefresh.Changed change : changes) {
            Tier previous = change.previousTier() == null ? Tier.CLEAR : change.previousTier();
            if (previous == change.tier()) {
                continue;
            }
            String queued = traces.get(change.workerId());
            Span span = tracer.spanBuilder(NAME)
                    .setParent(queued == null ? Context.current() : TraceParents.parent(queued))
                    .setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(started)
                    .setAttribute(TENANT, change.tenantId())
                    .setAttribute(TIER, change.tier().name())
                    .setAttribute(PREVIOUS_TIER, previous.name())
                    .setAttribute(FLAGS, change.codes())
                    .startSpan();
            span.end();
        }
    }
}
