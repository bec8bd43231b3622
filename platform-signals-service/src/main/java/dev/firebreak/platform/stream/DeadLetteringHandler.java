package dev.firebreak.platform.stream;

import dev.firebreak.kit.metrics.DeadLetters;
import dev.firebreak.platform.signal.StreamMessages;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kafka Streams' {@code processing.exception.handler}: a record on which a stage throws (a case the intake's checks
 * did not foresee) is sent, as it was read from its source topic, to {@code platform.events.dlq} with the exception's
 * class and the stage in its {@code dead-letter-reason} header, and the stage goes on with the next record. Without
 * it the stream thread dies, and exactly-once processing replays the same record after every restart: one tenant's
 * event would stop every tenant's detection.
 * <p>
 * Kafka Streams 4.1 has no dead-letter queue of its own (a handler may only continue or fail), so the handler keeps
 * its own producer, outside the topology's transactions: a record dead-lettered just before a crash may be
 * dead-lettered again when it is reprocessed, never lost. If the dead-letter topic cannot be written, the handler
 * fails, the thread is replaced ({@link ReplaceThread}) and the record processed again: nothing is skipped unwritten.
 */
public class DeadLetteringHandler implements ProcessingExceptionHandler {

    static final String REASON_HEADER = Intake.REASON_HEADER;
    private static final Logger LOG = Logger.getLogger(DeadLetteringHandler.class);
    /** One producer per broker list for the process: a handler is made per stream thread. */
    private static final Map<String, Producer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();

    private Producer<byte[], byte[]> producer;

    public DeadLetteringHandler() {
    }

    /** A handler writing through the given producer (tests). */
    DeadLetteringHandler(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> settings = new HashMap<>();
        configs.forEach((name, value) -> {
            // the connection and its security, as the topology's own clients have them
            if (name.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || name.startsWith("security.")
                    || name.startsWith("sasl.") || name.startsWith("ssl.")) {
                settings.put(name, value);
            }
        });
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "platform-signals-dead-letters");
        String servers = String.valueOf(settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        producer = PRODUCERS.computeIfAbsent(servers, s -> new KafkaProducer<>(settings, new ByteArraySerializer(),
                new ByteArraySerializer()));
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = "failed in " + context.processorNodeId() + ": " + exception.getClass().getSimpleName();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : context.headers()) {
            if (!h.key().equals(REASON_HEADER)) {
                headers.add(h);
            }
        }
        headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", context.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(context.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(context.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(StreamMessages.EVENTS_DLQ, null, context.timestamp(),
                    context.sourceRawKey(), context.sourceRawValue(), headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.errorf("%s at %s partition %d offset %d could not be dead-lettered (%s); the stream thread fails and is "
                            + "replaced, and the record is processed again", reason, context.topic(),
                    context.partition(), context.offset(), e.getClass().getSimpleName());
            return ProcessingHandlerResponse.FAIL;
        }
        DeadLetters.counted(context.topic());
        // where the code failed, not the exception's message: a message can quote an event's data
        LOG.warnf("%s at %s partition %d offset %d (thrown at %s): dead-lettered", reason, context.topic(),
                context.partition(), context.offset(), where(exception));
        return ProcessingHandlerResponse.CONTINUE;
    }

    /** The frame that threw, for a log line that quotes no data. */
    static String where(Throwable exception) {
        StackTraceElement[] stack = exception.getStackTrace();
        return stack.length == 0 ? "an unknown place" : stack[0].toString();
    }
}
