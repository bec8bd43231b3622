package dev.firebreak.identity.erasure;

import dev.firebreak.kit.retention.Retention;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import static dev.firebreak.kit.retention.Retention.Kind.DOCUMENTS;
import static dev.firebreak.kit.retention.Retention.Kind.PROFILES;
import static dev.firebreak.kit.retention.Retention.Kind.SIGNALS;

/** What identity-service keeps for how long (docs/privacy.md): documents, profiles and what goes with them, kept signals. */
@ApplicationScoped
public class RetentionRules implements Retention.Rules {

    @Override
    public List<Retention.Rule> rules() {
        return List.of(
                new Retention.Rule(DOCUMENTS, "document", "received_at"),
                new Retention.Rule(PROFILES, "profile", "received_at"),
                new Retention.Rule(PROFILES, "attestation", "received_at"),
                new Retention.Rule(PROFILES, "shipping_request", "received_at"),
                new Retention.Rule(SIGNALS, "published_signal", "created_at"));
    }
}
