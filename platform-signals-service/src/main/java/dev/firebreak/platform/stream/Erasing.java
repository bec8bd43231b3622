package dev.firebreak.platform.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.platform.signal.StreamMessages;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Erasure in the detector topology (issue 29). {@code worker.erasures} enters here, re-keyed by its worker, for the
 * {@link WorkerStage}, which knows the worker's accounts and sends each account's erasure to the account stage
 * through {@code platform.events.accepted} (keyed by the account, so it meets the account's events in order), as a
 * control record: a {@link #HEADER} header and {@link AccountErasure} as the value. Only the service writes that topic,
 * so no producer outside it can send one. The account stage erases the account, sends the erasure on to the stages
 * that hold something of it, and names the account on {@code platform.accounts.erased} for the database side.
 */
final class Erasing {

    /** The header of an account's erasure on {@code platform.events.accepted}. */
    static final String HEADER = "firebreak-erasure";
    /** The name the topology confirms erasures under: its own part of platform-signals-service. */
    static final String CONFIRMS_AS = "platform-signals-detectors";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Erasing() {
    }

    /** An account's erasure as the account stage reads it, and as {@code platform.accounts.erased} carries it. */
    record AccountErasure(String tenantId, String accountId, String workerId, String erasureId) {
    }

    static Record<String, Flow> toAccount(String tenantId, String accountId, String workerId, String erasureId,
                                          long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER, erasureId.getBytes(StandardCharsets.UTF_8));
        return new Record<>(accountId, Flow.out(StreamMessages.ACCEPTED_EVENTS,
                json(new AccountErasure(tenantId, accountId, workerId, erasureId))), timestamp, headers);
    }

    static Record<String, Flow> accountErased(AccountErasure erasure, long timestamp) {
        return new Record<>(erasure.tenantId() + ":acct:" + erasure.accountId(),
                Flow.out(StreamMessages.ACCOUNTS_ERASED, json(erasure)), timestamp, new RecordHeaders());
    }

    /** Whether the erasure was asked of this service alone (its own DELETE): not confirmed to the aggregator. */
    static boolean local(String erasureId) {
        return erasureId.startsWith(StreamMessages.LOCAL);
    }

    static Record<String, Flow> confirmation(String tenantId, String erasureId, int accounts, long timestamp) {
        StreamMessages.Message m = StreamMessages.erasureConfirmation(tenantId, erasureId, CONFIRMS_AS,
                Map.of("accounts", accounts));
        return new Record<>(m.key(), Flow.out(m.topic(), m.payload()), timestamp, new RecordHeaders());
    }

    static boolean isControl(Record<String, byte[]> record) {
        return record.headers().lastHeader(HEADER) != null;
    }

    static AccountErasure read(byte[] value) {
        try {
            return JSON.readValue(value, AccountErasure.class);
        } catch (IOException e) {
            throw new Intake.Rejected("not an account's erasure");
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code worker.erasures} into the topology: a notice naming a worker goes on to the worker stage keyed by it; a
     * settled notice (no worker: what a replay of the compacted topic gives) needs nothing here, the service's
     * database keeps its suppression; an unreadable one, or one whose hash is not this deployment's hash of its worker,
     * goes to {@code worker.erasures.dlq} with the reason.
     */
    static final class NoticeIntake implements Processor<String, byte[], String, Flow> {
        private final IdentifierHasher hasher;
        private ProcessorContext<String, Flow> context;

        NoticeIntake(IdentifierHasher hasher) {
            this.hasher = hasher;
        }

        @Override
        public void init(ProcessorContext<String, Flow> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            StreamMessages.ErasureNotice notice;
            try {
                notice = StreamMessages.erasureNotice(record.value() == null ? new byte[0] : record.value());
            } catch (IllegalArgumentException e) {
                deadLetter(record, e.getMessage());
                return;
            }
            if (notice.settled()) {
                return;
            }
            if (!notice.subjectHash().equals(hasher.hash(ErasedSubjects.hashed(notice.tenantId(),
                    ErasedSubjects.Kind.WORKER, notice.workerId())))) {
                deadLetter(record, "the notice's subjectHash is not this deployment's hash of its worker");
                return;
            }
            boolean local = context.recordMetadata().map(m -> m.topic().equals(StreamMessages.LOCAL_ERASURES))
                    .orElse(false);
            context.forward(new Record<>(StoreKeys.owner(notice.tenantId(), notice.workerId()),
                    Flow.erasure(notice.tenantId(), null, notice.workerId(), Flow.Fan.WORKER, -1,
                            (local ? StreamMessages.LOCAL : "") + notice.erasureId(), Instant.now()),
                    record.timestamp(), new RecordHeaders()));
        }

        private void deadLetter(Record<String, byte[]> record, String reason) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Intake.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<>(record.key(), Flow.out(StreamMessages.WORKER_ERASURES_DLQ,
                    record.value() == null ? new byte[0] : record.value()), record.timestamp(), headers));
        }
    }
}
