package dev.firebreak.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A process of the local stack: output to a log file, a pid file so that {@code ./firebreak down} can stop
 * it from another JVM, and a graceful stop (SIGTERM, then SIGKILL after a grace period).
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path pidFile;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path pidFile, Path logFile) {
        this.name = name;
        this.process = process;
        this.pidFile = pidFile;
        this.logFile = logFile;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
                                     Path runDir) {
        try {
            Files.createDirectories(runDir);
            Path log = runDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            Path pid = runDir.resolve(name + ".pid");
            PidFile.write(pid, process.toHandle());
            return new ChildProcess(name, process, pid, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Runs a command to completion (e.g. a formatting tool), failing with its output if it fails. */
    public static void runToCompletion(String name, List<String> command, Path workDir, Duration timeout) {
        try {
            Path out = Files.createTempFile(name, ".out");
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout);
            }
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "):\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code ready} holds, failing early (with the log's tail) if the process dies. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log tail:\n"
                        + tail(40));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; log tail:\n" + tail(40));
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the process outright, as a crash would (for tests of what a killed process loses). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitQuietly(Duration.ofSeconds(10));
        deletePidFile();
    }

    @Override
    public void close() {
        stop(process.toHandle(), Duration.ofSeconds(20));
        deletePidFile();
    }

    static void stop(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private void waitQuietly(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked for liveness before use
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
