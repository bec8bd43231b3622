package dev.firebreak.payments.erasure;

import dev.firebreak.kit.retention.Retention;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import static dev.firebreak.kit.retention.Retention.Kind.SIGNALS;
import static dev.firebreak.kit.retention.Retention.Kind.TRANSFERS;

/** What payments-service keeps for how long (docs/privacy.md): transfers, payout accounts, payment requests, kept signals. */
@ApplicationScoped
public class RetentionRules implements Retention.Rules {

    @Override
    public List<Retention.Rule> rules() {
        return List.of(
                new Retention.Rule(TRANSFERS, "transfer", "received_at"),
                new Retention.Rule(TRANSFERS, "payout_account", "received_at"),
                new Retention.Rule(TRANSFERS, "payment_request", "received_at"),
                new Retention.Rule(SIGNALS, "published_signal", "created_at"));
    }
}
