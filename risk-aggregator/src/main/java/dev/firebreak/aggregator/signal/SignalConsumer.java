package dev.firebreak.aggregator.signal;

import dev.firebreak.aggregator.assessment.Consistency;
import dev.firebreak.aggregator.assessment.RefreshQueue;
import dev.firebreak.aggregator.config.AggregatorSettings;
import dev.firebreak.aggregator.evidence.EvidenceStore;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.evidence.SubjectEvidence;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.MessageChecks;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Subject;
import dev.firebreak.contract.Topics;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.metrics.DeadLetters;
import dev.firebreak.kit.messaging.RecordIsolation;
import dev.firebreak.kit.tracing.TraceParents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Consumes {@code risk.signals} and {@code entity.observations} in batches (one transaction per polled batch, the
 * offsets committed after it): every readable message is stored once by its id, new observations go into the link
 * graph, and the workers they concern are queued for a refresh of their assessment state. A message that cannot be
 * read (bad JSON, breaks the contract or its limits, an unknown code, a key that names another tenant or subject)
 * goes to {@code <topic>.dlq} with the reason in its {@code dead-letter-reason} header, and the rest of the batch
 * goes on. A batch the database refuses is written record by record and the record refused alone is dead-lettered
 * ({@link RecordIsolation}); a database that is down is waited for with back-off, skipping nothing. A data error
 * never stops a channel.
 */
@ApplicationScoped
public class SignalConsumer {

    private static final Logger LOG = Logger.getLogger(SignalConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final EvidenceStore store;
    private final CatalogueAdapter catalogue;
    private final MeterRegistry metrics;
    private final Links links;
    private final RefreshQueue queue;
    private final Event<RefreshQueue.Queued> queued;
    private final MutinyEmitter<String> deadLetters;
    private final ErasedSubjects erased;
    /** A poll this large found more waiting (the channels' max.poll.records). */
    private final int fullPoll;
    private final RecordIsolation signals;
    private final RecordIsolation observations;
    /** A poll with a record older than this (its Kafka timestamp) is behind too. */
    private final long behindAgeMillis;

    public SignalConsumer(EvidenceStore store, CatalogueAdapter catalogue, MeterRegistry metrics, Links links,
                          RefreshQueue queue, Event<RefreshQueue.Queued> queued,
                          @Channel("dead-letters") MutinyEmitter<String> deadLetters,
                          // the Kafka connector's own key (not a firebreak.* one): a property, not a mapping
                          @ConfigProperty(name = "mp.messaging.incoming.risk-signals.max.poll.records", defaultValue = "500")
                          int fullPoll,
                          AggregatorSettings.Assessments settings, ErasedSubjects erased) {
        Duration behindAge = settings.consumerBehindAge();
        this.fullPoll = fullPoll;
        this.behindAgeMillis = behindAge.toMillis();
        this.store = store;
        this.catalogue = catalogue;
        this.metrics = metrics;
        this.links = links;
        this.queue = queue;
        this.queued = queued;
        this.deadLetters = deadLetters;
        this.erased = erased;
        RecordIsolation.Transactions transactions = work -> QuarkusTransaction.requiringNew().run(work);
        this.signals = new RecordIsolation(Topics.RISK_SIGNALS, transactions, Duration.ofMillis(200), MAX_BACKOFF);
        this.observations = new RecordIsolation(Topics.ENTITY_OBSERVATIONS, transactions, Duration.ofMillis(200),
                MAX_BACKOFF);
    }

    /**
     * Whether a poll shows the consumer behind: it was full (more is waiting), or a record in it waited longer than
     * {@code maxAgeMillis} since it was written (its Kafka timestamp). The second catches the first seconds of a burst,
     * before polls fill up: with full polls as the only sign, the refreshers run at full speed through a step up in
     * load and delay the consumers just when they fall behind. Timestamps come
     * from the producers' clocks; a skewed clock makes the refreshers yield more or less, never stop.
     */
    static boolean behind(ConsumerRecords<?, ?> records, int fullPoll, long maxAgeMillis, long nowMillis) {
        if (records.count() >= fullPoll) {
            return true;
        }
        for (ConsumerRecord<?, ?> record : records) {
            if (nowMillis - record.timestamp() > maxAgeMillis) {
                return true;
            }
        }
        return false;
    }

    @Incoming("risk-signals")
    @Blocking
    public void onSignals(ConsumerRecords<String, String> records) {
        if (behind(records, fullPoll, behindAgeMillis, System.currentTimeMillis())) {
            queue.consumerBehind();
        }
        Instant now = Instant.now();
        List<Read<StoredSignal>> rows = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                RiskSignal signal = ContractJson.mapper().readValue(record.value(), RiskSignal.class);
                if (suppressed(signal.tenantId(), signal.subject(), "signals")) {
                    continue;
                }
                if (!catalogue.known(signal.code())) {
                    throw new IllegalArgumentException("unknown red-flag code " + signal.code());
                }
                String evidence = ContractJson.mapper().writeValueAsString(signal.evidence());
                refuseIfBroken(MessageChecks.problems(signal, evidence, record.key(), now));
                StoredSignal row = subjectOf(new StoredSignal(), signal.tenantId(), signal.subject(), signal.source(),
                        signal.observedAt());
                row.signalId = signal.signalId();
                row.groupId = signal.groupId();
                row.code = signal.code();
                row.severity = signal.severity().name();
                row.confidence = signal.confidence();
                row.expiresAt = signal.expiresAt();
                row.detector = signal.detector();
                row.evidence = evidence;
                row.traceParent = TraceParents.of(record.headers());
                rows.add(new Read<>(record, row));
            } catch (Exception e) {
                deadLetter(record, describe(e));
            }
        }
        signals.write(rows, batch -> {
            List<StoredSignal> stored = store.storeSignals(Read.rows(batch));
            Map<String, Map<String, String>> traces = new HashMap<>();
            queue.mark(links.workersOf(stored, RefreshQueue.tracing(traces)), traces);
            queued.fire(new RefreshQueue.Queued());
            metrics.counter("firebreak.signals.consumed", "outcome", "stored").increment(stored.size());
            metrics.counter("firebreak.signals.consumed", "outcome", "duplicate").increment(batch.size() - stored.size());
            countByCode(stored);
        }, (read, error) -> deadLetter(read.record(), "refused by the database: " + RecordIsolation.describe(error)));
    }

    @Incoming("entity-observations")
    @Blocking
    public void onObservations(ConsumerRecords<String, String> records) {
        if (behind(records, fullPoll, behindAgeMillis, System.currentTimeMillis())) {
            queue.consumerBehind();
        }
        Instant now = Instant.now();
        List<Read<StoredObservation>> rows = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                EntityObservation observation = ContractJson.mapper().readValue(record.value(), EntityObservation.class);
                if (suppressed(observation.tenantId(), observation.subject(), "observations")) {
                    continue;
                }
                refuseIfBroken(MessageChecks.problems(observation, record.key(), now));
                StoredObservation row = subjectOf(new StoredObservation(), observation.tenantId(), observation.subject(),
                        observation.source(), observation.observedAt());
                row.observationId = observation.observationId();
                row.type = observation.type().name();
                row.value = observation.value();
                row.traceParent = TraceParents.of(record.headers());
                rows.add(new Read<>(record, row));
            } catch (Exception e) {
                deadLetter(record, describe(e));
            }
        }
        observations.write(rows, batch -> {
            List<StoredObservation> stored = store.storeObservations(Read.rows(batch));
            Map<String, Set<String>> affected = new TreeMap<>();
            Map<String, List<Links.Seen>> seen = new TreeMap<>();
            Map<String, Map<String, String>> traces = new HashMap<>();
            java.util.function.BiConsumer<StoredObservation, String> traced = RefreshQueue.tracing(traces);
            for (StoredObservation o : stored) {
                seen.computeIfAbsent(o.tenantId, t -> new ArrayList<>()).add(new Links.Seen(o.tenantId, o.workerId,
                        o.accountId, o.partyId, o.type, o.value, o.source, o.observedAt));
                if (o.workerId != null) {
                    // a worker first reported is listed (CLEAR) from now on
                    affected.computeIfAbsent(o.tenantId, t -> new TreeSet<>()).add(o.workerId);
                    traced.accept(o, o.workerId);
                }
            }
            seen.forEach((tenant, batchOfTenant) -> affected.computeIfAbsent(tenant, t -> new TreeSet<>())
                    .addAll(links.onObservations(tenant, batchOfTenant)));
            // an account's or party's country or time zone: its workers' consistency checks change
            List<StoredObservation> facts = stored.stream()
                    .filter(o -> o.workerId == null && Consistency.TYPES.contains(o.type)).toList();
            links.workersOf(facts, traced).forEach((tenant, workers) -> affected.computeIfAbsent(tenant, t -> new TreeSet<>())
                    .addAll(workers));
            queue.mark(affected, traces);
            queued.fire(new RefreshQueue.Queued());
            metrics.counter("firebreak.observations.consumed", "outcome", "stored").increment(stored.size());
            metrics.counter("firebreak.observations.consumed", "outcome", "duplicate").increment(batch.size() - stored.size());
        }, (read, error) -> deadLetter(read.record(), "refused by the database: " + RecordIsolation.describe(error)));
    }

    /**
     * Whether the message concerns an erased worker, or an account or party erased with one: dropped (counted), so a
     * redelivery or a replay of the topics does not bring the worker back. A message without a tenant or subject is
     * not dropped here: the checks after this refuse it with their reason.
     */
    private boolean suppressed(String tenantId, Subject subject, String what) {
        if (tenantId == null || subject == null) {
            return false;
        }
        boolean drop = erased.isErased(tenantId, ErasedSubjects.Kind.WORKER, subject.workerId())
                || erased.isErased(tenantId, ErasedSubjects.Kind.ACCOUNT, subject.accountId())
                || erased.isErased(tenantId, ErasedSubjects.Kind.PARTY, subject.partyId());
        if (drop) {
            metrics.counter("firebreak." + what + ".consumed", "outcome", "erased").increment();
        }
        return drop;
    }

    /**
     * {@code firebreak_signals_total{code}}: the signals of each red-flag code stored (a redelivery is not counted
     * again), whichever service raised them: how often each detector fires, for the dashboards. Counted after the
     * batch's statement; a batch that rolls back and is written again record by record counts its rows again, which
     * is rare (a record the database refuses) and only ever over-counts.
     */
    private void countByCode(List<StoredSignal> stored) {
        Map<String, Integer> byCode = new HashMap<>();
        stored.forEach(s -> byCode.merge(s.code, 1, Integer::sum));
        byCode.forEach((code, n) -> metrics.counter("firebreak.signals", "code", code).increment(n));
    }

    /** A record as read and the row it becomes. */
    private record Read<T>(ConsumerRecord<String, String> record, T row) {
        static <T> List<T> rows(List<Read<T>> reads) {
            List<T> rows = new ArrayList<>(reads.size());
            for (Read<T> read : reads) {
                rows.add(read.row());
            }
            return rows;
        }
    }

    private static void refuseIfBroken(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static String describe(Exception error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        // Jackson quotes the whole input after its message: the reason keeps the first line
        int line = message.indexOf('\n');
        return error.getClass().getSimpleName() + ": " + (line < 0 ? message : message.substring(0, line));
    }

    /**
     * Sends the record to {@code <topic>.dlq} with the reason, and waits for the broker's acknowledgement (before the
     * batch's offsets are committed: a dead letter is never lost). A broker that does not acknowledge is waited for
     * with back-off: skipping the record would lose it.
     */
    private void deadLetter(ConsumerRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(record.value() == null ? "" : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(Topics.dlq(record.topic()))
                        .withKey(record.key()).withHeaders(headers).build());
        Duration backoff = Duration.ofMillis(200);
        for (int attempt = 1; ; attempt++) {
            try {
                deadLetters.sendMessage(message).await().atMost(Duration.ofSeconds(30));
                break;
            } catch (RuntimeException e) {
                LOG.warnf("%s: dead letter not acknowledged (%s), attempt %d", record.topic(), e.getClass().getSimpleName(),
                        attempt);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        DeadLetters.counted(record.topic());
        LOG.warnf("%s: message at partition %d offset %d dead-lettered", record.topic(), record.partition(),
                record.offset());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T extends SubjectEvidence> T subjectOf(T row, String tenantId, Subject subject, String source,
                                                           Instant observedAt) {
        row.tenantId = tenantId;
        row.workerId = subject.workerId();
        row.accountId = subject.accountId();
        row.partyId = subject.partyId();
        row.source = source;
        row.observedAt = observedAt;
        row.receivedAt = Instant.now();
        return row;
    }
}
