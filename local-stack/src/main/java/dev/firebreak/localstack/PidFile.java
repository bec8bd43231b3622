package dev.firebreak.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A process of the stack as a file: its pid on the first line and the instant it started on the second. The start
 * instant tells the stack's process from another that reused its pid after a crash, whatever command either runs
 * (Keycloak is a shell script that starts a JVM).
 */
final class PidFile {

    /** How far the start instant read from /proc may differ from the one written (it has a clock tick's precision). */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private PidFile() {
    }

    static void write(Path file, ProcessHandle process) {
        String started = process.info().startInstant().map(Instant::toString).orElse("");
        try {
            Files.writeString(file, process.pid() + "\n" + started + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The pid the file names, or empty if it names none. */
    static Optional<Long> pid(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The live process the file names, if it is still the one that was written (not a reused pid). */
    static Optional<ProcessHandle> process(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle = pid(file).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (lines.size() > 1 && !lines.get(1).isBlank()) {
            Instant written = Instant.parse(lines.get(1).strip());
            return handle.filter(h -> h.info().startInstant()
                    .map(s -> Duration.between(s, written).abs().compareTo(SLACK) <= 0).orElse(false));
        }
        // a file without its start time: only what the stack runs (a JVM, PostgreSQL, or a script running a JVM)
        return handle.filter(h -> stackCommand(h) || h.descendants().anyMatch(PidFile::stackCommand));
    }

    private static boolean stackCommand(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java") || c.contains("postgres")).orElse(false);
    }
}
