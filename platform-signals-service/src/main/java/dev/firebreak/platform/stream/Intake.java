package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.platform.api.EventRequest;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.event.IpAddresses;
import dev.firebreak.platform.signal.StreamMessages;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * How the topology reads a message: one platform event, checked exactly as the REST API checks a batch element.
 * From a tenant's own topic {@code platform.events.<tenant>} the tenant is the topic's (the producer's ACL binds it);
 * from the shared {@code platform.events} it is the {@code tenant-id} header and must be one the deployment accepts
 * there (a trusted relay's topic); from {@code platform.events.accepted} (what the REST API or a tenant's topic took)
 * it is in the message. Anything else goes to {@code platform.events.dlq} with the reason in a {@code dead-letter-reason} header;
 * nothing about it is kept.
 */
final class Intake {

    static final String TENANT_HEADER = "tenant-id";
    static final String REASON_HEADER = "dead-letter-reason";
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");

    private final ObjectMapper json;
    /** Readers made once: a reader per call would look the type up again on every message. */
    private final ObjectReader events;
    private final ObjectReader accepted;
    private final Validator validator;
    private final IdentifierHasher hasher;
    private final DetectionSettings settings;

    Intake(ObjectMapper json, Validator validator, IdentifierHasher hasher, DetectionSettings settings) {
        this.json = json;
        this.events = json.readerFor(EventRequest.class);
        this.accepted = json.readerFor(Accepted.class);
        this.validator = validator;
        this.hasher = hasher;
        this.settings = settings;
    }

    /** The message as it goes to the dead-letter topic: unchanged, its headers kept, the reason added. */
    static Record<String, Flow> deadLetter(Record<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        return new Record<>(record.key(), Flow.out(StreamMessages.EVENTS_DLQ, payload), record.timestamp(), headers);
    }

    /**
     * The event of a message of {@code platform.events} ({@code fromRest} false) or {@code platform.events.accepted}.
     *
     * @throws Rejected with the reason, for a message that is not an acceptable event
     */
    Flow read(Record<String, byte[]> record, boolean fromRest) {
        return read(record, fromRest, null);
    }

    /**
     * The event of a message of a tenant's own topic ({@code topicTenant}, the topic's: a {@code tenant-id} header is
     * not read), of {@code platform.events} or of {@code platform.events.accepted}.
     */
    Flow read(Record<String, byte[]> record, boolean fromRest, String topicTenant) {
        if (record.value() == null || record.value().length == 0) {
            throw new Rejected("empty message");
        }
        String tenantId;
        if (fromRest) {
            tenantId = null; // in the message
        } else if (topicTenant != null) {
            tenantId = topicTenant;
        } else {
            Header header = record.headers().lastHeader(TENANT_HEADER);
            tenantId = header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            if (tenantId.isEmpty()) {
                throw new Rejected("no tenant-id header");
            }
            if (!TENANT.matcher(tenantId).matches() || !settings.acceptsOnTopic(tenantId)) {
                throw new Rejected("unknown tenant");
            }
        }
        EventRequest e;
        String deviceHash = null;
        // the usual case in one pass; a message that does not bind is read again as a tree to say what is wrong
        try {
            if (fromRest) {
                Accepted message = accepted.readValue(record.value());
                tenantId = message.tenantId == null ? "" : message.tenantId;
                deviceHash = message.deviceHash;
                e = message.event;
            } else {
                e = events.readValue(record.value());
            }
        } catch (IOException | RuntimeException ex) {
            e = null;
        }
        if (e == null) {
            ReadTree tree = readTree(record.value(), fromRest);
            tenantId = fromRest ? tree.tenantId : tenantId;
            deviceHash = fromRest ? tree.deviceHash : null;
            e = tree.event;
        }
        var violations = validator.validate(e);
        if (!violations.isEmpty()) {
            ConstraintViolation<EventRequest> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            throw new Rejected(first.getPropertyPath() + ": " + first.getMessage());
        }
        String ip = null;
        if (e.ip != null) {
            ip = IpAddresses.canonical(e.ip).orElseThrow(() -> new Rejected("ip: not an IP address"));
        }
        String device = deviceHash != null && !deviceHash.isBlank() ? deviceHash
                : e.deviceId == null || e.deviceId.isBlank() ? null : hasher.hash(e.deviceId.strip());
        return Flow.event(tenantId, new Activity(e.eventId, e.type, e.accountId, e.workerId, e.occurredAt, ip,
                device, e.fields()));
    }

    /**
     * What {@code platform.events.accepted} carries: the tenant (from the token), the device as its keyed hash, and
     * the event as posted without its device id (a message without the hash has its device id hashed as it is read).
     */
    static final class Accepted {
        public String tenantId;
        public String deviceHash;
        public EventRequest event;
    }

    private record ReadTree(String tenantId, String deviceHash, EventRequest event) {
    }

    /** The slow reading, step by step, of a message that did not bind: it names what is wrong. */
    private ReadTree readTree(byte[] value, boolean fromRest) {
        JsonNode tree;
        try {
            tree = json.readTree(value);
        } catch (IOException e) {
            throw new Rejected("not JSON");
        }
        JsonNode eventNode = fromRest ? tree.path("event") : tree;
        if (!eventNode.isObject()) {
            throw new Rejected("not a platform event object");
        }
        try {
            EventRequest e = json.treeToValue(eventNode, EventRequest.class);
            if (e == null) {
                throw new Rejected("not a platform event object");
            }
            String deviceHash = fromRest && tree.path("deviceHash").isTextual() ? tree.path("deviceHash").asText() : null;
            return new ReadTree(tree.path("tenantId").asText(""), deviceHash, e);
        } catch (IOException ex) {
            // Jackson's message names the field and the expected type, never more than the offending token
            throw new Rejected("not a platform event: " + firstLine(ex.getMessage()));
        }
    }

    /** The message as {@code platform.events.accepted} carries it (the tenant inside), to re-key it by account. */
    byte[] asAccepted(String tenantId, Record<String, byte[]> record, boolean fromRest) {
        if (fromRest) {
            return record.value();
        }
        try {
            var message = json.createObjectNode().put("tenantId", tenantId);
            JsonNode event = json.readTree(record.value());
            if (event instanceof ObjectNode fields && fields.path("deviceId").isTextual()
                    && !fields.path("deviceId").asText().isBlank()) {
                message.put("deviceHash", hasher.hash(fields.path("deviceId").asText().strip()));
                fields.remove("deviceId");
            }
            message.set("event", event);
            return json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new Rejected("not JSON");
        }
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        int at = line.indexOf(" at [Source");
        return (at >= 0 ? line.substring(0, at) : line).strip();
    }

    static final class Rejected extends RuntimeException {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
