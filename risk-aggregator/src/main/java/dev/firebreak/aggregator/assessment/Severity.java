package dev.firebreak.aggregator.assessment;

/** Severities of RED-FLAGS.md, lowest first. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL
}
