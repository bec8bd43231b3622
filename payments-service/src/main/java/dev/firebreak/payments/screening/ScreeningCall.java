package dev.firebreak.payments.screening;

import dev.firebreak.payments.api.identity.IdentityScreeningClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One screening call with its guards: a 2 s timeout, two retries, and a circuit breaker that stops calling for 10 s
 * after most of the last calls failed, so a down identity-service costs the queue nothing but a wait.
 */
@ApplicationScoped
public class ScreeningCall {

    private final IdentityScreeningClient client;

    public ScreeningCall(@RestClient IdentityScreeningClient client) {
        this.client = client;
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public IdentityScreeningClient.Result screen(String name, String wallet, String type) {
        return client.screen(new IdentityScreeningClient.Query(name, null, null, wallet == null ? List.of() : List.of(wallet),
                type));
    }
}
