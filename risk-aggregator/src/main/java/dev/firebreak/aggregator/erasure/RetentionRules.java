package dev.firebreak.aggregator.erasure;

import dev.firebreak.kit.retention.Retention;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import static dev.firebreak.kit.retention.Retention.Kind.SIGNALS;

/** What the risk-aggregator keeps for how long (docs/privacy.md): the evidence it received. */
@ApplicationScoped
public class RetentionRules implements Retention.Rules {

    @Override
    public List<Retention.Rule> rules() {
        return List.of(
                new Retention.Rule(SIGNALS, "signal", "received_at"),
                new Retention.Rule(SIGNALS, "observation", "received_at"));
    }
}
