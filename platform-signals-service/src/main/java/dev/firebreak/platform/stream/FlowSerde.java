package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * The serde of the messages leaving the topology, and the JSON reading of internal records written before
 * {@link RecordCodec} (state and changelogs of an earlier version).
 */
final class FlowSerde {

    // as the records were written: instants as numbers
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private FlowSerde() {
    }

    /** A message leaving the topology: its payload as it is (written only). */
    static Serde<Flow> payload() {
        Serializer<Flow> serializer = (topic, value) -> value.payload();
        Deserializer<Flow> deserializer = (topic, bytes) -> {
            throw new UnsupportedOperationException("output payloads are never read back");
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }
}
