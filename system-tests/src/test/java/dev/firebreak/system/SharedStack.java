package dev.firebreak.system;

import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.StackConfig;
import dev.firebreak.localstack.testing.FileServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One stack for every system test, started through the launcher class {@code ./firebreak} uses, on free ports
 * and its own data folder (so a developer's running stack is untouched), stopped when the run ends.
 */
public class SharedStack implements BeforeAllCallback {

    private static LocalStack stack;
    private static FileServer files;
    private static TraceCollector traces;
    /** The list the stack refreshes from {@link #refreshedListUrl()}. */
    static final String REFRESHED_LIST = "uk-ofsi-csv";

    @Override
    public void beforeAll(ExtensionContext context) {
        get(context);
    }

    static synchronized LocalStack get(ExtensionContext context) {
        if (stack == null) {
            try {
                Path home = Path.of(System.getProperty("firebreak.home", "..")).toAbsolutePath().normalize();
                Path data = Files.createTempDirectory("firebreak-system-");
                // identity-service fetches uk-ofsi-csv from a publisher on loopback (ListRefreshIT); nothing is
                // published until that test puts a file, so the stack's first scheduled fetch fails and changes nothing
                files = FileServer.start();
                System.setProperty("firebreak.stack.watchlist-urls", REFRESHED_LIST + "=" + refreshedListUrl());
                // every service exports its traces to the tests' collector (TracingIT), unless a bench runs the stack
                // as deployed by default: tracing off
                if (Boolean.getBoolean("firebreak.stack.tracing")) {
                    traces = TraceCollector.start();
                    System.setProperty("firebreak.stack.otlp-endpoint", traces.endpoint());
                }
                stack = LocalStack.start(StackConfig.isolated(home, data), System.out);
                LocalStack started = stack;
                // the data folder (GBs after a benchmark) goes with the stack, unless kept for a diagnosis
                boolean keep = Boolean.getBoolean("firebreak.stack.keep-data");
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("firebreak-stack", (AutoCloseable) () -> {
                    started.close();
                    if (!keep) {
                        deleteTree(data);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }

    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String refreshedListUrl() {
        return files.url() + REFRESHED_LIST + ".csv";
    }

    /** The tests' trace collector; null when the stack runs without tracing (-Dfirebreak.stack.tracing=false). */
    static TraceCollector traces() {
        return traces;
    }

    static LocalStack stack() {
        return stack;
    }
}
