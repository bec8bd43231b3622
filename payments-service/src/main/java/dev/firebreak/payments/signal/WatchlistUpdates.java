package dev.firebreak.payments.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.Topics;
import dev.firebreak.contract.WatchlistsUpdated;
import dev.firebreak.kit.messaging.RecordIsolation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.firebreak.payments.screening.PartyScreening;
import dev.firebreak.kit.metrics.DeadLetters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * {@code watchlists.updated} from identity-service: a sanctions list changed, so every known payment party is
 * screened again (PM-13). Re-queuing is idempotent, so a redelivered message costs a re-screen and nothing else.
 */
@ApplicationScoped
public class WatchlistUpdates {

    private static final Logger LOG = Logger.getLogger(WatchlistUpdates.class);

    private final PartyScreening screening;
    private final RecordIsolation isolation = new RecordIsolation(Topics.WATCHLISTS_UPDATED,
            work -> QuarkusTransaction.requiringNew().run(work), Duration.ofMillis(200), Duration.ofSeconds(30));

    public WatchlistUpdates(PartyScreening screening) {
        this.screening = screening;
    }

    /**
     * Re-queues every party. A notice that is not readable is refused (thrown), so SmallRye sends it to
     * {@code watchlists.updated.dlq} with the reason and the channel goes on; a database outage is waited for.
     */
    @Incoming("watchlists-updated")
    @Blocking
    public void onUpdate(String payload) {
        DeadLetters.onFailure(Topics.WATCHLISTS_UPDATED, () -> handleUpdate(payload));
    }

    private void handleUpdate(String payload) {
        WatchlistsUpdated update;
        try {
            update = ContractJson.mapper().readValue(payload, WatchlistsUpdated.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a watchlists.updated notice: " + e.getClass().getSimpleName());
        }
        int[] parties = new int[1];
        isolation.write(List.of(update), batch -> parties[0] = screening.requeueAll(), (u, error) -> {
            throw new IllegalStateException("re-queuing failed: " + RecordIsolation.describe(error));
        });
        LOG.infof("watchlists.updated: %s version %d; %d party names queued for screening", update.source(),
                update.version(), parties[0]);
    }
}
