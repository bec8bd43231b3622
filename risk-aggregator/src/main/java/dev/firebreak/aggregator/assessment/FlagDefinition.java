package dev.firebreak.aggregator.assessment;

/**
 * What the catalogue says about a code: how it is shown, how much it weighs by default, and whether its signals have a
 * lifetime (those without one last until withdrawn: any new evidence of them is news, and reopens a dismissal).
 */
public record FlagDefinition(String code, String title, String category, Severity severity, String advisoryPassage,
                             boolean expires) {
}
