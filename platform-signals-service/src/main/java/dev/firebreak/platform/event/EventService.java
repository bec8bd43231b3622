package dev.firebreak.platform.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.firebreak.kit.erasure.ErasedSubjects;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.kit.outbox.Outbox;
import dev.firebreak.platform.api.EventRequest;
import dev.firebreak.platform.signal.StreamMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Ingests event batches idempotently on the tenant's {@code eventId}: a replayed event changes nothing. A batch is
 * all or nothing, so a client can safely resend it after any failure. Each new event goes, through the outbox in the
 * same transaction, to {@code platform.events.accepted}: the detector topology reads it there exactly as it reads
 * {@code platform.events}, so both ingest paths are detected alike.
 */
@ApplicationScoped
public class EventService {

    private final EntityManager em;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final IdentifierHasher hasher;
    private final ErasedSubjects erased;

    public EventService(EntityManager em, Outbox outbox, ObjectMapper json, IdentifierHasher hasher,
                        ErasedSubjects erased) {
        this.erased = erased;
        this.em = em;
        this.outbox = outbox;
        this.json = json;
        this.hasher = hasher;
    }

    /**
     * @param erased events about an erased worker or account: accepted and dropped, nothing of them kept (a batch is
     *               not refused for one element; the count says so)
     */
    public record BatchResult(int accepted, int duplicates, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int erased) {
    }

    @Transactional
    public BatchResult ingest(String tenantId, List<EventRequest> batch) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            EventRequest e = batch.get(i);
            if (!seen.add(e.eventId)) {
                throw ProblemException.invalidField("[" + i + "].eventId", "repeats an eventId of this batch");
            }
            if (e.ip != null && IpAddresses.canonical(e.ip).isEmpty()) {
                throw ProblemException.invalidField("[" + i + "].ip", "not an IP address");
            }
        }
        // an event about an erased worker or account is dropped here (issue 29); the others go on
        ErasedSubjects.Held held = erased.holdBatch(tenantId, batch.stream().map(e -> e.workerId).toList(),
                batch.stream().map(e -> e.accountId).toList(), List.of());
        List<EventRequest> events = batch.stream().filter(e -> !held.erased(ErasedSubjects.Kind.WORKER, e.workerId)
                && !held.erased(ErasedSubjects.Kind.ACCOUNT, e.accountId)).toList();
        Timestamp now = Timestamp.from(Instant.now());
        // the device id as every store and message keeps it: hashed, never in clear (the outbox's rows included)
        String[] devices = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            String device = events.get(i).deviceId;
            devices[i] = device == null || device.isBlank() ? null : hasher.hash(device.strip());
        }
        int[] inserted = new int[events.size()];
        // one JDBC batch for the whole request: one round trip, not one per event
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into platform_event (tenant_id, event_id, type, account_id, worker_id, occurred_at, ip,
                                                device_hash, attributes, received_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, event_id) do nothing""")) {
                for (int i = 0; i < events.size(); i++) {
                    EventRequest e = events.get(i);
                    insert.setString(1, tenantId);
                    insert.setString(2, e.eventId);
                    insert.setString(3, e.type.name());
                    insert.setString(4, e.accountId);
                    insert.setString(5, e.workerId);
                    insert.setTimestamp(6, Timestamp.from(e.occurredAt));
                    insert.setString(7, e.ip == null ? null : IpAddresses.canonical(e.ip).orElseThrow());
                    insert.setString(8, devices[i]);
                    insert.setString(9, write(e.fields()));
                    insert.setTimestamp(10, now);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                System.arraycopy(counts, 0, inserted, 0, counts.length);
            }
        });
        List<Outbox.Pending> accepted = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EventRequest e = events.get(i);
            if (inserted[i] == 1) {
                e.deviceId = null; // the request is spent: its device goes on as the hash
                accepted.add(new Outbox.Pending(UUID.nameUUIDFromBytes((tenantId + "\u001f" + e.eventId)
                        .getBytes(StandardCharsets.UTF_8)), StreamMessages.ACCEPTED_EVENTS, e.accountId,
                        tenantId, e.workerId, write(new Accepted(tenantId, devices[i], e))));
            }
        }
        outbox.enqueueAll(accepted);
        return new BatchResult(accepted.size(), events.size() - accepted.size(), batch.size() - events.size());
    }

    /**
     * The message on {@code platform.events.accepted}: the event with its tenant, as the topology reads it, and its
     * device already hashed (the event's {@code deviceId} left out).
     */
    private record Accepted(String tenantId, String deviceHash, EventRequest event) {
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField("event", "type fields cannot be stored");
        }
    }
}
