package dev.firebreak.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Port helpers for processes started on the loopback interface. */
public final class Ports {

    /** Lowest port {@link #free()} hands out: above the well-known and most registered services' ports. */
    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    /**
     * A port that was free a moment ago, chosen below the kernel's ephemeral range. The stack picks its ports
     * before it starts anything, and while PostgreSQL, Kafka and Keycloak start, their clients' outgoing
     * connections take local ports from the ephemeral range: a port the OS had handed out as free
     * ({@code new ServerSocket(0)}) was then sometimes taken by the time a service bound it ("Port … seems to be
     * in use"). Ports outside that range are only ever taken by another listener.
     */
    public static synchronized int free() {
        int ephemeralLow = ephemeralRangeLow();
        if (ephemeralLow - LOWEST < 1_000) {
            return osChosen();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(LOWEST, ephemeralLow);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        return osChosen();
    }

    private static int osChosen() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), or the IANA range's 49152 elsewhere. */
    static int ephemeralRangeLow() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            return Integer.parseInt(Files.readString(range).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }

    public static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails early, naming the port and its purpose, instead of letting a child process die obscurely. */
    public static void requireFree(int port, String what) {
        if (inUse(port)) {
            throw new IllegalStateException("port " + port + " for " + what
                    + " is already in use (is a stack already running? try ./firebreak down)");
        }
    }
}
