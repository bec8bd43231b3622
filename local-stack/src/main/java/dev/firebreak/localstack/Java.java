package dev.firebreak.localstack;

import java.nio.file.Path;

/** The java binary of the running JVM: children run on the same JDK 21+ that runs the launcher. */
final class Java {
    private Java() {
    }

    static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String home() {
        return System.getProperty("java.home");
    }
}
