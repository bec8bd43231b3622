package dev.firebreak.platform.stream;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler a stage's exception reaches: the record as read from its source goes to the dead-letter topic with the
 * stage and the exception's class, and the stage continues; if the dead letter cannot be written, the handler fails
 * (the thread is replaced and the record processed again) rather than skip it.
 */
class DeadLetteringHandlerTest {

    private static final byte[] KEY = "acct-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "{\"eventId\":\"e-1\",\"secret\":\"not logged\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSourceRecordIsDeadLetteredWithItsReasonAndTheStageContinues() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        ProcessingHandlerResponse response = new DeadLetteringHandler(producer).handle(context(),
                new Record<>("acct-1", "a flow", 5L), new ArithmeticException("long overflow"));
        assertEquals(ProcessingHandlerResponse.CONTINUE, response);
        assertEquals(1, producer.history().size());
        ProducerRecord<byte[], byte[]> dead = producer.history().getFirst();
        assertEquals("platform.events.dlq", dead.topic());
        assertArrayEquals(KEY, dead.key());
        assertArrayEquals(VALUE, dead.value());
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertEquals("failed in account-stage: ArithmeticException", reason);
        assertEquals("platform.events", new String(dead.headers().lastHeader("dead-letter-topic").value(),
                StandardCharsets.UTF_8));
        assertEquals("tenant-k", new String(dead.headers().lastHeader("tenant-id").value(), StandardCharsets.UTF_8),
                "the source's headers are kept");
    }

    @Test
    void aDeadLetterThatCannotBeWrittenFailsTheThreadRatherThanSkipTheRecord() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        Thread broker = new Thread(() -> {
            while (!producer.closed() && producer.history().isEmpty()) {
                Thread.onSpinWait();
            }
            producer.errorNext(new TimeoutException("broker unavailable"));
        });
        broker.start();
        ProcessingHandlerResponse response = new DeadLetteringHandler(producer).handle(context(),
                new Record<>("acct-1", "a flow", 5L), new IllegalStateException());
        assertEquals(ProcessingHandlerResponse.FAIL, response);
        assertTrue(producer.history().size() == 1);
    }

    private static ErrorHandlerContext context() {
        Headers headers = new RecordHeaders().add("tenant-id", "tenant-k".getBytes(StandardCharsets.UTF_8));
        return new ErrorHandlerContext() {
            public String topic() {
                return "platform.events";
            }

            public int partition() {
                return 2;
            }

            public long offset() {
                return 42;
            }

            public Headers headers() {
                return headers;
            }

            public String processorNodeId() {
                return "account-stage";
            }

            public TaskId taskId() {
                return new TaskId(0, 2);
            }

            public long timestamp() {
                return 5L;
            }

            public byte[] sourceRawKey() {
                return KEY;
            }

            public byte[] sourceRawValue() {
                return VALUE;
            }
        };
    }
}
