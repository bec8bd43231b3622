package dev.firebreak.aggregator.assessment;

/** What the catalogue says about a code: how it is shown and how much it weighs by default. */
public record FlagDefinition(String code, String title, String category, Severity severity, String advisoryPassage) {
}
