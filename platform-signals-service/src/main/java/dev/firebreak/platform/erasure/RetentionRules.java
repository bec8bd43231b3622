package dev.firebreak.platform.erasure;

import dev.firebreak.kit.retention.Retention;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import static dev.firebreak.kit.retention.Retention.Kind.PLATFORM_EVENTS;
import static dev.firebreak.kit.retention.Retention.Kind.SIGNALS;

/** What platform-signals-service keeps in its database for how long (docs/privacy.md): the events its API took, kept signals. The topology keeps each stage's events for its window (firebreak.platform.retention). */
@ApplicationScoped
public class RetentionRules implements Retention.Rules {

    @Override
    public List<Retention.Rule> rules() {
        return List.of(
                new Retention.Rule(PLATFORM_EVENTS, "platform_event", "received_at"),
                new Retention.Rule(SIGNALS, "platform_signal", "observed_at"));
    }
}
