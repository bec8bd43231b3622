package dev.firebreak.payments.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.firebreak.contract.ContractJson;
import dev.firebreak.contract.WatchlistsUpdated;
import dev.firebreak.payments.screening.PartyScreening;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code watchlists.updated} from identity-service: a sanctions list changed, so every known payment party is
 * screened again (PM-13). Re-queuing is idempotent, so a redelivered message costs a re-screen and nothing else.
 */
@ApplicationScoped
public class WatchlistUpdates {

    private static final Logger LOG = Logger.getLogger(WatchlistUpdates.class);

    private final PartyScreening screening;

    public WatchlistUpdates(PartyScreening screening) {
        this.screening = screening;
    }

    @Incoming("watchlists-updated")
    @Blocking
    public void onUpdate(String payload) {
        WatchlistsUpdated update;
        try {
            update = ContractJson.mapper().readValue(payload, WatchlistsUpdated.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("watchlists.updated: unreadable message ignored (%s)", e.getOriginalMessage());
            return;
        }
        int parties = screening.requeueAll();
        LOG.infof("watchlists.updated: %s version %d; %d party names queued for screening", update.source(),
                update.version(), parties);
    }
}
