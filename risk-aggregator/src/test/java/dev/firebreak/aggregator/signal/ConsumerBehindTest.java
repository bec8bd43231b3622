package dev.firebreak.aggregator.signal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a poll tells the refreshers to yield: full, or holding a record that waited too long, at the boundaries. */
class ConsumerBehindTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void aFullPollIsBehindWhateverItsRecordsAges() {
        assertTrue(SignalConsumer.behind(poll(500, NOW), 500, 250, NOW));
        assertFalse(SignalConsumer.behind(poll(499, NOW), 500, 250, NOW));
    }

    @Test
    void aRecordOlderThanTheAgeMakesAPartialPollBehind() {
        assertFalse(SignalConsumer.behind(poll(10, NOW - 250), 500, 250, NOW), "at the age: not yet");
        assertTrue(SignalConsumer.behind(poll(10, NOW - 251), 500, 250, NOW), "just above");
        assertFalse(SignalConsumer.behind(poll(0, NOW), 500, 250, NOW), "an empty poll");
    }

    /** {@code n} records, the first written at {@code oldest}, the others a millisecond later. */
    private static ConsumerRecords<String, String> poll(int n, long oldest) {
        TopicPartition partition = new TopicPartition("risk.signals", 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new ConsumerRecord<>("risk.signals", 0, i, oldest + Math.min(i, 1), TimestampType.CREATE_TIME,
                    1, 1, "k", "v", new RecordHeaders(), Optional.empty()));
        }
        return new ConsumerRecords<>(Map.of(partition, records), Map.of(partition, new OffsetAndMetadata(n)));
    }
}
