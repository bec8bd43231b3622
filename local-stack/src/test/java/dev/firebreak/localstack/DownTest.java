package dev.firebreak.localstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./firebreak down} on real processes standing in for a stack's: it stops every process a pid file names with
 * its children (a script's JVM, as Keycloak's), frees the ports, leaves alone a process that reused a pid, and says
 * what it could not stop.
 */
class DownTest {

    @TempDir
    Path home;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void everyProcessOfTheStackAndItsChildrenIsStoppedAndItsPortsFreed() throws Exception {
        StackConfig config = StackConfig.isolated(home, home.resolve("data"));
        Files.createDirectories(config.runDir());
        Process launcher = start(config, "launcher", List.of("sleep", "300"));
        // a script that runs a child, as kc.sh runs Keycloak's JVM; the script ignores SIGTERM
        Process script = start(config, "keycloak", List.of("sh", "-c", "trap '' TERM; sleep 300 & wait"));
        int port = config.services().getFirst().port();
        Process listener = start(config, "identity-service", List.of(Path.of(System.getProperty("java.home"), "bin",
                "jwebserver").toString(), "-b", "127.0.0.1", "-p", Integer.toString(port), "-d", home.toString()));
        await(() -> Cli.busyPorts(config).contains(port));
        List<ProcessHandle> children = script.descendants().toList();
        assertFalse(children.isEmpty());
        // a pid file naming this JVM with another start instant: a pid reused after a crash, left alone
        Files.writeString(config.runDir().resolve("payments-service.pid"),
                ProcessHandle.current().pid() + "\n" + Instant.parse("2001-01-01T00:00:00Z") + "\n");

        assertEquals(0, Cli.down(config));

        for (Process p : List.of(launcher, script, listener)) {
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), p.info().commandLine().orElse("?") + " still running");
        }
        children.forEach(c -> assertFalse(c.isAlive(), "the script's child " + c.pid() + " still running"));
        assertTrue(Cli.busyPorts(config).isEmpty());
        try (var files = Files.list(config.runDir())) {
            assertEquals(0, files.filter(f -> f.toString().endsWith(".pid")).count(), "pid files are removed");
        }
        assertEquals(0, Cli.down(config), "a second down finds nothing and succeeds");
    }

    @Test
    void aPortHeldByAnotherProcessIsReportedAndFailsTheCommand() throws IOException {
        StackConfig config = StackConfig.isolated(home, home.resolve("data"));
        try (ServerSocket squatter = new ServerSocket(config.kafkaPort(), 50, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(1, Cli.down(config));
        }
    }

    private Process start(StackConfig config, String name, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(process);
        PidFile.write(config.runDir().resolve(name + ".pid"), process.toHandle());
        return process;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(100);
        }
    }
}
