package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The topology's entrance: one platform event per message, checked exactly as the REST API checks a batch element.
 * From {@code platform.events} the tenant is the {@code tenant-id} header and must be one the deployment accepts on
 * the topic; from {@code platform.events.accepted} (what the REST API took, tenant from the token) it is in the
 * message. Anything else goes to {@code platform.events.dlq} with the reason in a {@code dead-letter-reason} header;
 * nothing about it is kept.
 */
final class Intake implements Processor<String, byte[], String, Flow> {

    static final String TENANT_HEADER = "tenant-id";
    static final String REASON_HEADER = "dead-letter-reason";
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");

    private final boolean fromRest;
    private final ObjectMapper json;
    private final Validator validator;
    private final IdentifierHasher hasher;
    private final DetectionSettings settings;
    private ProcessorContext<String, Flow> context;

    Intake(boolean fromRest, ObjectMapper json, Validator validator, IdentifierHasher hasher, DetectionSettings settings) {
        this.fromRest = fromRest;
        this.json = json;
        this.validator = validator;
        this.hasher = hasher;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Flow> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            Flow event = read(record);
            String key = StoreKeys.owner(event.tenantId(), event.activity().accountId());
            context.forward(new Record<>(key, event, record.timestamp(), new RecordHeaders()));
        } catch (Rejected e) {
            RecordHeaders headers = new RecordHeaders();
            for (Header h : record.headers()) {
                headers.add(h);
            }
            headers.add(REASON_HEADER, e.getMessage().getBytes(StandardCharsets.UTF_8));
            byte[] payload = record.value() == null ? new byte[0] : record.value();
            context.forward(new Record<>(record.key(), Flow.out(StreamMessages.EVENTS_DLQ, payload), record.timestamp(),
                    headers));
        }
    }

    private Flow read(Record<String, byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new Rejected("empty message");
        }
        JsonNode tree;
        try {
            tree = json.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new Rejected("not JSON");
        }
        String tenantId;
        JsonNode eventNode;
        if (fromRest) {
            tenantId = tree.path("tenantId").asText("");
            eventNode = tree.path("event");
        } else {
            Header header = record.headers().lastHeader(TENANT_HEADER);
            tenantId = header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
            eventNode = tree;
            if (tenantId.isEmpty()) {
                throw new Rejected("no tenant-id header");
            }
            if (!TENANT.matcher(tenantId).matches() || !settings.acceptsOnTopic(tenantId)) {
                throw new Rejected("unknown tenant");
            }
        }
        if (!eventNode.isObject()) {
            throw new Rejected("not a platform event object");
        }
        EventRequest e;
        try {
            e = json.treeToValue(eventNode, EventRequest.class);
        } catch (java.io.IOException ex) {
            // Jackson's message names the field and the expected type, never more than the offending token
            throw new Rejected("not a platform event: " + firstLine(ex.getMessage()));
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
        String device = e.deviceId == null || e.deviceId.isBlank() ? null : hasher.hash(e.deviceId.strip());
        return Flow.event(tenantId, new Activity(e.eventId, e.type.name(), e.accountId, e.workerId, e.occurredAt, ip,
                device, e.fields()));
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        int at = line.indexOf(" at [Source");
        return (at >= 0 ? line.substring(0, at) : line).strip();
    }

    private static final class Rejected extends RuntimeException {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
