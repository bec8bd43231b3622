package dev.firebreak.aggregator.signal;

import dev.firebreak.aggregator.assessment.Consistency;
import dev.firebreak.aggregator.assessment.RefreshQueue;
import dev.firebreak.aggregator.evidence.EvidenceStore;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.evidence.SubjectEvidence;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Subject;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Consumes {@code risk.signals} and {@code entity.observations} in batches (one transaction per polled batch, the
 * offsets committed after it): every readable message is stored once by its id, new observations go into the link
 * graph, and the workers they concern are queued for a refresh of their assessment state. A message that cannot be
 * read (bad JSON, breaks the contract, unknown code) goes to {@code <topic>.dlq} with the reason in its
 * {@code dead-letter-reason} header, and the rest of the batch goes on. A database failure retries the batch with
 * back-off, then fails the channel (health turns DOWN; the orchestrator restarts the pod, which resumes from the
 * last committed offset): nothing is skipped.
 */
@ApplicationScoped
public class SignalConsumer {

    private static final Logger LOG = Logger.getLogger(SignalConsumer.class);
    private static final int ATTEMPTS = 5;

    private final EvidenceStore store;
    private final CatalogueAdapter catalogue;
    private final MeterRegistry metrics;
    private final Links links;
    private final RefreshQueue queue;
    private final Event<RefreshQueue.Queued> queued;
    private final MutinyEmitter<String> deadLetters;
    /** A poll this large found more waiting (the channels' max.poll.records). */
    private final int fullPoll;
    /** A poll with a record older than this (its Kafka timestamp) is behind too. */
    private final long behindAgeMillis;

    public SignalConsumer(EvidenceStore store, CatalogueAdapter catalogue, MeterRegistry metrics, Links links,
                          RefreshQueue queue, Event<RefreshQueue.Queued> queued,
                          @Channel("dead-letters") MutinyEmitter<String> deadLetters,
                          @ConfigProperty(name = "mp.messaging.incoming.risk-signals.max.poll.records", defaultValue = "500")
                          int fullPoll,
                          @ConfigProperty(name = "firebreak.assessments.consumer-behind-age", defaultValue = "250ms")
                          Duration behindAge) {
        this.fullPoll = fullPoll;
        this.behindAgeMillis = behindAge.toMillis();
        this.store = store;
        this.catalogue = catalogue;
        this.metrics = metrics;
        this.links = links;
        this.queue = queue;
        this.queued = queued;
        this.deadLetters = deadLetters;
    }

    /**
     * Whether a poll shows the consumer behind: it was full (more is waiting), or a record in it waited longer than
     * {@code maxAgeMillis} since it was written (its Kafka timestamp). The second catches the first seconds of a burst,
     * before polls fill up: in the aggregator benchmark, with full polls as the only sign, the refreshers ran at full
     * speed through the step from 2,500 to 5,000 signals/s and the readable assessment's p99 reached 1–3 s there
     * (with this, 0.6 s and 1.8 s in two runs: it helps, and is not the whole story; BENCHMARKS.md). Timestamps come
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
        List<StoredSignal> rows = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                RiskSignal signal = ContractJson.mapper().readValue(record.value(), RiskSignal.class);
                if (!catalogue.known(signal.code())) {
                    throw new IllegalArgumentException("unknown red-flag code " + signal.code());
                }
                StoredSignal row = subjectOf(new StoredSignal(), signal.tenantId(), signal.subject(), signal.source(),
                        signal.observedAt());
                row.signalId = signal.signalId();
                row.groupId = signal.groupId();
                row.code = signal.code();
                row.severity = signal.severity().name();
                row.confidence = signal.confidence();
                row.expiresAt = signal.expiresAt();
                row.detector = signal.detector();
                row.evidence = ContractJson.mapper().writeValueAsString(signal.evidence());
                rows.add(row);
            } catch (Exception e) {
                deadLetter(record, e);
            }
        }
        inTransaction("risk.signals", () -> {
            List<StoredSignal> stored = store.storeSignals(rows);
            queue.mark(links.workersOf(stored));
            queued.fire(new RefreshQueue.Queued());
            metrics.counter("firebreak.signals.consumed", "outcome", "stored").increment(stored.size());
            metrics.counter("firebreak.signals.consumed", "outcome", "duplicate").increment(rows.size() - stored.size());
        });
    }

    @Incoming("entity-observations")
    @Blocking
    public void onObservations(ConsumerRecords<String, String> records) {
        if (behind(records, fullPoll, behindAgeMillis, System.currentTimeMillis())) {
            queue.consumerBehind();
        }
        List<StoredObservation> rows = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                EntityObservation observation = ContractJson.mapper().readValue(record.value(), EntityObservation.class);
                StoredObservation row = subjectOf(new StoredObservation(), observation.tenantId(), observation.subject(),
                        observation.source(), observation.observedAt());
                row.observationId = observation.observationId();
                row.type = observation.type().name();
                row.value = observation.value();
                rows.add(row);
            } catch (Exception e) {
                deadLetter(record, e);
            }
        }
        inTransaction("entity.observations", () -> {
            List<StoredObservation> stored = store.storeObservations(rows);
            Map<String, Set<String>> affected = new TreeMap<>();
            Map<String, List<Links.Seen>> seen = new TreeMap<>();
            for (StoredObservation o : stored) {
                seen.computeIfAbsent(o.tenantId, t -> new ArrayList<>()).add(new Links.Seen(o.tenantId, o.workerId,
                        o.accountId, o.partyId, o.type, o.value, o.source, o.observedAt));
                if (o.workerId != null) {
                    // a worker first reported is listed (CLEAR) from now on
                    affected.computeIfAbsent(o.tenantId, t -> new TreeSet<>()).add(o.workerId);
                }
            }
            seen.forEach((tenant, batch) -> affected.computeIfAbsent(tenant, t -> new TreeSet<>())
                    .addAll(links.onObservations(tenant, batch)));
            // an account's or party's country or time zone: its workers' consistency checks change
            List<StoredObservation> facts = stored.stream()
                    .filter(o -> o.workerId == null && Consistency.TYPES.contains(o.type)).toList();
            links.workersOf(facts).forEach((tenant, workers) -> affected.computeIfAbsent(tenant, t -> new TreeSet<>())
                    .addAll(workers));
            queue.mark(affected);
            queued.fire(new RefreshQueue.Queued());
            metrics.counter("firebreak.observations.consumed", "outcome", "stored").increment(stored.size());
            metrics.counter("firebreak.observations.consumed", "outcome", "duplicate").increment(rows.size() - stored.size());
        });
    }

    /** Runs the batch's work in one transaction, retried with back-off on failure (a deadlock, a database restart). */
    private void inTransaction(String topic, Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(work);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.errorf("%s: batch failed %d times (%s); the channel stops and resumes from the last commit",
                            topic, ATTEMPTS, e.getClass().getSimpleName());
                    throw e;
                }
                LOG.warnf("%s: batch failed (%s), attempt %d of %d", topic, e.getClass().getSimpleName(), attempt, ATTEMPTS);
                sleep(Duration.ofMillis(200L << attempt));
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, String> record, Exception error) {
        String reason = error.getClass().getSimpleName() + ": " + String.valueOf(error.getMessage());
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(record.value() == null ? "" : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(record.topic() + ".dlq")
                        .withKey(record.key()).withHeaders(headers).build());
        // acknowledged before the batch's offsets are committed: a dead letter is never lost
        deadLetters.sendMessage(message).await().atMost(Duration.ofSeconds(30));
        metrics.counter("firebreak.messages.dead-lettered", "topic", record.topic()).increment();
        LOG.warnf("%s: message at offset %d dead-lettered (%s)", record.topic(), record.offset(), error.getClass().getSimpleName());
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
