package dev.firebreak.aggregator.signal;

import dev.firebreak.aggregator.assessment.FlagDefinition;
import dev.firebreak.aggregator.assessment.FlagDefinitions;
import dev.firebreak.aggregator.assessment.Severity;
import dev.firebreak.contract.RedFlagCatalogue;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** The contract's red-flag catalogue, mapped to the assessment's own types at the edge. */
@ApplicationScoped
public class CatalogueAdapter implements FlagDefinitions {

    private final RedFlagCatalogue catalogue = RedFlagCatalogue.standard();

    @Override
    public Optional<FlagDefinition> find(String code) {
        return catalogue.find(code).map(f -> new FlagDefinition(f.code(), f.title(), f.category().name(),
                Severity.valueOf(f.severity().name()), f.advisoryPassage(), f.lifetime() != null));
    }

    public boolean known(String code) {
        return catalogue.contains(code);
    }
}
