package dev.firebreak.contract;

/** Default severity of a red flag, lowest first (RED-FLAGS.md). */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL
}
