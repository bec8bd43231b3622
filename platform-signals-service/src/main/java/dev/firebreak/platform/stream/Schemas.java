package dev.firebreak.platform.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serdes of the topology's topics, by what each carries:
 * <ul>
 *   <li>{@link #INCOMING}: {@code platform.events}, {@code platform.events.<tenant>} and
 *       {@code platform.events.accepted}, read as bytes, because {@link Intake} reads them (a message that is not an
 *       event goes to the dead-letter topic with its reason, which a deserializer's exception could not do);</li>
 *   <li>{@link #FANNED}: the repartition topics {@code by-ip}, {@code by-device}, {@code by-client},
 *       {@code by-text-bands}: an accepted event on its way to a shared stage, in {@link Codecs}' layout;</li>
 *   <li>{@link #OUTGOING}: {@code risk.signals}, {@code entity.observations}, {@code platform.events.accepted} and
 *       the dead-letter topic: each message's payload as the contract wrote it.</li>
 * </ul>
 * Every topic is keyed by text: a tenant and an account, IP, device, client or group of text bands.
 */
final class Schemas {

    static final Serde<String> KEYS = Serdes.String();

    static final Serde<byte[]> INCOMING = Serdes.ByteArray();

    static final Serde<Flow> FANNED = Serdes.serdeFrom(
            (Serializer<Flow>) (topic, value) -> value == null ? null : Codecs.flow(value),
            (Deserializer<Flow>) (topic, bytes) -> bytes == null ? null : Codecs.flow(bytes));

    static final Serde<Flow> OUTGOING = Serdes.serdeFrom(
            (Serializer<Flow>) (topic, value) -> value.payload(),
            (Deserializer<Flow>) (topic, bytes) -> {
                throw new SerializationException("the topology never reads back what it sends out");
            });

    private Schemas() {
    }
}
