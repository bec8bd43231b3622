package dev.firebreak.system;

import dev.firebreak.contract.Topics;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traces on the whole suite (issue 27): every service exports to the tests' OTLP collector ({@link TraceCollector}).
 * A REST call's trace goes on through the outbox, Kafka and the aggregator's refresh to the tier change it causes; a
 * platform event's goes on through the detector topology (Kafka Streams) to the aggregator; a platform that traces its
 * own producers sees its trace go on from its topic. A malformed traceparent, on REST or on a topic, changes nothing
 * else: the input is taken as if it had none.
 */
@ExtendWith(SharedStack.class)
class TracingIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final LocalStack stack = SharedStack.stack();
    private TraceCollector traces;

    @BeforeEach
    void collector() {
        traces = SharedStack.traces();
        Assumptions.assumeTrue(traces != null, "the stack runs without tracing (-Dfirebreak.stack.tracing=false)");
    }

    @Test
    void aDocumentsTraceRunsFromTheRequestThroughKafkaToTheTierChange() {
        String traceId = hex(16);
        String worker = "st-trace-" + UUID.randomUUID();
        Api.Reply stored = Api.post(stack, "identity-service", "/api/v1/documents", stack.token("demo-hiring"),
                Documents.passport(worker, Documents.dprkPassport()), Map.of("traceparent", traceparent(traceId)));
        assertEquals(201, stored.status(), stored.body().toString());

        TraceCollector.Span change = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> find(traceId, "risk-aggregator", "assessment tier change"), s -> s != null);
        assertEquals("CRITICAL", change.attributes().get("firebreak.tier"), change.toString());
        assertEquals("CLEAR", change.attributes().get("firebreak.previous_tier"));
        assertEquals("demo-hiring", change.attributes().get("firebreak.tenant"));
        assertTrue(change.attributes().values().stream().noneMatch(v -> v.contains(worker)), "no worker id on a span");

        List<TraceCollector.Span> trace = traces.trace(traceId);
        TraceCollector.Span request = trace.stream().filter(s -> s.service().equals("identity-service")
                && s.kind().equals("SPAN_KIND_SERVER")).findFirst().orElseThrow(() -> new AssertionError(
                "identity-service's request span in " + describe(trace)));
        TraceCollector.Span send = trace.stream().filter(s -> s.service().equals("identity-service")
                && s.kind().equals("SPAN_KIND_PRODUCER") && s.name().startsWith(Topics.RISK_SIGNALS)).findFirst()
                .orElseThrow(() -> new AssertionError("the outbox's send to risk.signals in " + describe(trace)));
        // one chain: the request, the relay's send (a child of the request, across the outbox), the tier change (a
        // child of the send, across Kafka and the refresh queue)
        assertTrue(ancestors(trace, send).contains(request.spanId()), describe(trace));
        assertEquals(send.spanId(), change.parentSpanId(), describe(trace));
    }

    @Test
    void aPlatformEventsTraceGoesOnThroughTheTopologyToTheAggregator() {
        String traceId = hex(16);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String account = "acct-trace-" + run;
        Api.Reply accepted = Api.post(stack, "platform-signals-service", "/api/v1/events", stack.token("demo-platform"),
                List.of(portCheck(account, "st-trace-w-" + run)), Map.of("traceparent", traceparent(traceId)));
        assertEquals(200, accepted.status(), accepted.body().toString());

        // the topology (Kafka Streams, not instrumented) carries the event's trace to the signal it raises: the
        // aggregator's receipt of that signal, and the worker's tier change, are in the same trace, children of the
        // send that took the event out of the outbox
        TraceCollector.Span change = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> find(traceId, "risk-aggregator", "assessment tier change"), s -> s != null);
        List<TraceCollector.Span> trace = traces.trace(traceId);
        TraceCollector.Span request = trace.stream().filter(s -> s.service().equals("platform-signals-service")
                && s.kind().equals("SPAN_KIND_SERVER")).findFirst().orElseThrow(() -> new AssertionError(describe(trace)));
        TraceCollector.Span send = trace.stream().filter(s -> s.service().equals("platform-signals-service")
                && s.kind().equals("SPAN_KIND_PRODUCER")).findFirst().orElseThrow(() -> new AssertionError(describe(trace)));
        assertEquals(request.spanId(), send.parentSpanId(), describe(trace));
        assertEquals(send.spanId(), change.parentSpanId(), describe(trace));
        assertTrue(trace.stream().anyMatch(s -> s.service().equals("risk-aggregator")
                && s.name().equals(Topics.RISK_SIGNALS + " receive") && s.parentSpanId().equals(send.spanId())),
                describe(trace));
    }

    @Test
    void aPlatformsOwnTraceGoesOnFromItsTopicAndAMalformedOneIsIgnored() {
        String kafka = stack.kafka().bootstrapServers();
        String traceId = hex(16);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String traced = "acct-trace-topic-" + run;
        String malformed = "acct-trace-bad-" + run;
        String topic = Topics.platformEvents("demo-platform");
        TopicReader.write(kafka, topic, Map.of("traceparent", traceparent(traceId)),
                List.<String[]>of(new String[] {traced, Api.JSON.valueToTree(portCheck(traced, null)).toString()}));
        TopicReader.write(kafka, topic, Map.of("traceparent", "00-not-a-trace-" + run),
                List.<String[]>of(new String[] {malformed, Api.JSON.valueToTree(portCheck(malformed, null)).toString()}));

        // both events raise their PL-09 (the malformed header changed nothing); the traced one's signal carries the
        // platform's trace on, the other's carries none, and the aggregator's spans join the platform's trace
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                signals(kafka, traced).size() == 1 && signals(kafka, malformed).size() == 1);
        String carried = traceparent(signals(kafka, traced).getFirst());
        assertTrue(carried != null && carried.contains(traceId), String.valueOf(carried));
        assertEquals(null, traceparent(signals(kafka, malformed).getFirst()));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> traces.trace(traceId)
                .stream().anyMatch(s -> s.service().equals("risk-aggregator")));
    }

    private static String traceparent(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("traceparent");
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The PL-09 signals on risk.signals about an account. */
    private static List<ConsumerRecord<String, String>> signals(String kafka, String account) {
        return TopicReader.readAll(kafka, Topics.RISK_SIGNALS).stream().filter(r -> r.value() != null
                && r.value().contains("\"" + account + "\"") && r.value().contains("\"PL-09\"")).toList();
    }

    @Test
    void aMalformedTraceparentOnRestIsTakenAsNone() {
        String worker = "st-trace-bad-" + UUID.randomUUID();
        String hiring = stack.token("demo-hiring");
        Api.Reply stored = Api.post(stack, "identity-service", "/api/v1/documents", hiring,
                Documents.passport(worker, Documents.dprkPassport()), Map.of("traceparent", "zz-" + hex(40)));
        assertEquals(201, stored.status(), stored.body().toString());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Reply a = Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/assessment", hiring);
            return a.status() == 200 && a.body().path("tier").asText().equals("CRITICAL");
        });
        assertTrue(traces.requests() > 0, "the services export; the last export not read: " + traces.lastFailure());
    }

    private static Map<String, Object> portCheck(String account, String worker) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("eventId", account + "-ports");
        e.put("type", "PORT_CHECK");
        e.put("accountId", account);
        if (worker != null) {
            e.put("workerId", worker);
        }
        e.put("occurredAt", Instant.now().toString());
        e.put("openPorts", List.of(3389));
        return e;
    }

    private TraceCollector.Span find(String traceId, String service, String name) {
        return traces.trace(traceId).stream().filter(s -> s.service().equals(service) && s.name().equals(name))
                .findFirst().orElse(null);
    }

    /** The span ids above a span, through the parents the collector has. */
    private static Set<String> ancestors(List<TraceCollector.Span> trace, TraceCollector.Span span) {
        Map<String, String> parents = trace.stream().collect(Collectors.toMap(TraceCollector.Span::spanId,
                TraceCollector.Span::parentSpanId, (a, b) -> a));
        Set<String> above = new java.util.HashSet<>();
        for (String p = span.parentSpanId(); p != null && !p.isEmpty() && above.add(p); p = parents.get(p)) {
            // walks up
        }
        return above;
    }

    private static String describe(List<TraceCollector.Span> trace) {
        List<String> lines = new ArrayList<>();
        trace.forEach(s -> lines.add(s.service() + " " + s.kind() + " '" + s.name() + "' " + s.spanId() + " <- "
                + s.parentSpanId()));
        return String.join("\n", lines);
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-" + hex(8) + "-01";
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
