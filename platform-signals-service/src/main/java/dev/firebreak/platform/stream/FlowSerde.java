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

/** JSON of the topology's internal records (repartition topics, state stores). */
final class FlowSerde {

    // instants as numbers: internal records only, and parsing ISO-8601 text was a tenth of the topology's reads
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private FlowSerde() {
    }

    static <T> Serde<T> of(Class<T> type) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : write(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : read(bytes, type);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** A message leaving the topology: its payload as it is (written only). */
    static Serde<Flow> payload() {
        Serializer<Flow> serializer = (topic, value) -> value.payload();
        Deserializer<Flow> deserializer = (topic, bytes) -> {
            throw new UnsupportedOperationException("output payloads are never read back");
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }

    static <T> T read(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    }
}
