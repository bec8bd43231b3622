package dev.firebreak.platform.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.EntityObservation;
import dev.firebreak.contract.ErasureConfirmation;
import dev.firebreak.contract.IdentifierType;
import dev.firebreak.contract.MessageIds;
import dev.firebreak.contract.RiskSignal;
import dev.firebreak.contract.Subject;
import dev.firebreak.contract.Topics;
import dev.firebreak.contract.WorkerErasure;
import dev.firebreak.platform.detect.Finding;
import dev.firebreak.platform.event.Sighting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The messaging edge of the detector topology: findings and sightings as the contract's messages, ready for their
 * topics. Signal and observation ids are deterministic, so the topology re-emitting a detection emits the same id.
 */
public final class StreamMessages {

    /** Topics of the topology, named here so that only this package knows the contract's names. */
    public static final String EVENTS = Topics.PLATFORM_EVENTS;
    public static final String ACCEPTED_EVENTS = Topics.PLATFORM_EVENTS_ACCEPTED;
    public static final String EVENTS_DLQ = Topics.dlq(Topics.PLATFORM_EVENTS);
    /** Erasures (issue 29): the notices in, their dead letters, the confirmations out, the accounts erased. */
    public static final String WORKER_ERASURES = Topics.WORKER_ERASURES;
    public static final String WORKER_ERASURES_DLQ = Topics.dlq(Topics.WORKER_ERASURES);
    public static final String ERASURES_CONFIRMED = Topics.WORKER_ERASURES_CONFIRMED;
    public static final String ACCOUNTS_ERASED = Topics.PLATFORM_ACCOUNTS_ERASED;
    public static final String LOCAL_ERASURES = Topics.PLATFORM_WORKERS_ERASED;
    /** The prefix of the erasure id of a request to this service alone: the topology does not confirm it. */
    public static final String LOCAL = "local:";
    /** The tenants' own inputs, {@code platform.events.<tenant>}. */
    public static final Pattern TENANT_EVENTS = Topics.TENANT_PLATFORM_EVENTS;

    /** The tenant whose own input this topic is, or null. */
    public static String tenantOf(String topic) {
        return Topics.tenantOfPlatformEvents(topic).orElse(null);
    }

    /** One message for a topic: its id (for de-duplication), topic, key and JSON. */
    public record Message(String id, String topic, String key, byte[] payload) {
    }

    private StreamMessages() {
    }

    /** One signal per account the finding concerns, sharing a group id when several. */
    public static List<Message> signals(String tenantId, Instant observedAt, Finding finding) {
        List<Message> messages = new ArrayList<>(finding.accounts().size());
        for (String account : finding.accounts()) {
            RiskSignal signal = RiskSignal.of(tenantId, Subject.account(account), finding.code(), finding.confidence(),
                    observedAt, SignalPublisher.SOURCE, finding.detector(), finding.evidence(), List.of(),
                    finding.triggeringIds());
            if (finding.accounts().size() > 1) {
                signal = signal.withGroupId(MessageIds.groupId(tenantId, finding.code(), finding.detector(),
                        finding.triggeringIds()));
            }
            messages.add(new Message(signal.signalId().toString(), Topics.RISK_SIGNALS, signal.messageKey(), json(signal)));
        }
        return messages;
    }

    public static Message observation(String tenantId, Instant observedAt, Sighting s) {
        EntityObservation o = EntityObservation.of(tenantId, new Subject(s.workerId(), s.accountId(), null),
                IdentifierType.valueOf(s.type()), s.value(), s.originId(), observedAt, SignalPublisher.SOURCE);
        return new Message(o.observationId().toString(), Topics.ENTITY_OBSERVATIONS, o.messageKey(), json(o));
    }

    /** A {@code worker.erasures} notice as the topology reads it ({@code workerId} null once settled). */
    public record ErasureNotice(String erasureId, String tenantId, String workerId, String subjectHash) {
        public boolean settled() {
            return workerId == null;
        }
    }

    /** @throws IllegalArgumentException naming what is wrong, for a message that is not a notice */
    public static ErasureNotice erasureNotice(byte[] value) {
        try {
            WorkerErasure notice = ContractJson.mapper().readValue(value, WorkerErasure.class);
            return new ErasureNotice(notice.erasureId().toString(), notice.tenantId(), notice.workerId(),
                    notice.subjectHash());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a worker.erasures notice: " + e.getClass().getSimpleName());
        }
    }

    /** A request to this service alone, for its topology ({@link #LOCAL_ERASURES}): its key and payload. */
    public static Message localErasure(UUID erasureId, String tenantId, String workerId, String subjectHash) {
        WorkerErasure notice = WorkerErasure.requested(erasureId, tenantId, workerId, subjectHash, Instant.now());
        return new Message(erasureId.toString(), LOCAL_ERASURES, notice.messageKey(), json(notice));
    }

    /** One part of this service confirming an erasure, with what it erased (counts). */
    public static Message erasureConfirmation(String tenantId, String erasureId, String service,
                                              Map<String, Integer> erased) {
        ErasureConfirmation c = ErasureConfirmation.of(UUID.fromString(erasureId), tenantId, service, Instant.now(),
                erased);
        return new Message(c.messageId().toString(), ERASURES_CONFIRMED, c.messageKey(), json(c));
    }

    private static byte[] json(Object message) {
        try {
            return ContractJson.mapper().writeValueAsString(message).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
