package dev.firebreak.platform.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.contract.Topics;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.messaging.RecordIsolation;
import dev.firebreak.platform.signal.StreamMessages;
import dev.firebreak.kit.metrics.DeadLetters;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * {@code platform.accounts.erased}: an account the detector topology erased. Its rows here go and it is suppressed
 * (REST ingest drops its events, the own-signals consumer its signals), in one transaction; delivered again, it finds
 * nothing. Only the topology writes this topic; a message that is not readable is refused (thrown) and goes to the
 * log and the failure strategy's dead letter.
 */
@ApplicationScoped
public class AccountErasures {

    private final PlatformEraser eraser;
    private final ErasedSubjects subjects;
    private final ObjectMapper json;
    private final RecordIsolation isolation = new RecordIsolation(StreamMessages.ACCOUNTS_ERASED,
            work -> QuarkusTransaction.requiringNew().run(work), Duration.ofMillis(200), Duration.ofSeconds(30));

    public AccountErasures(PlatformEraser eraser, ErasedSubjects subjects, ObjectMapper json) {
        this.json = json;
        this.eraser = eraser;
        this.subjects = subjects;
    }

    /** The account's erasure as the topology wrote it. */
    record Erased(String tenantId, String accountId, UUID erasureId) {
    }

    @Incoming("accounts-erased")
    @Blocking
    public void onErased(String payload) {
        DeadLetters.onFailure(Topics.PLATFORM_ACCOUNTS_ERASED, () -> handleErased(payload));
    }

    private void handleErased(String payload) {
        Erased erased;
        try {
            JsonNode node = json.readTree(payload);
            erased = new Erased(node.path("tenantId").asText(null), node.path("accountId").asText(null),
                    // an erasure asked of this service alone carries its id with a prefix
                    UUID.fromString(node.path("erasureId").asText().replace(StreamMessages.LOCAL, "")));
            if (erased.tenantId() == null || erased.accountId() == null) {
                throw new IllegalArgumentException("no tenant or account");
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("not an erased account: " + e.getClass().getSimpleName());
        }
        isolation.write(List.of(erased), batch -> {
            eraser.eraseAccounts(erased.tenantId(), null, new String[] {erased.accountId()});
            subjects.record(erased.tenantId(), ErasedSubjects.Kind.ACCOUNT, erased.accountId(), erased.erasureId());
        }, (e, error) -> {
            throw new IllegalStateException("the account's erasure failed: " + RecordIsolation.describe(error));
        });
    }
}
