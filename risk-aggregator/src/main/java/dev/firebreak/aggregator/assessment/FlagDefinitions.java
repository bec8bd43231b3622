package dev.firebreak.aggregator.assessment;

import java.util.Optional;

/** The red-flag catalogue as the assessment sees it (filled from signal-contract at the messaging edge). */
public interface FlagDefinitions {
    Optional<FlagDefinition> find(String code);
}
