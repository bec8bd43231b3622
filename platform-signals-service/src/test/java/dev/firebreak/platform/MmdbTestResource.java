package dev.firebreak.platform;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the test .mmdb files (Perl's MaxMind DB writer) and points the service's IP intelligence at them; gives the
 * detector topology a state directory of this run's own.
 */
public class MmdbTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createDirectories(Path.of("target/test-mmdb")).toAbsolutePath();
            Process perl = new ProcessBuilder("perl", "src/test/resources/ip/write-test-mmdb.pl", dir.toString())
                    .redirectErrorStream(true).start();
            String output = new String(perl.getInputStream().readAllBytes());
            if (perl.waitFor() != 0) {
                throw new IllegalStateException("writing the test .mmdb files (needs libmaxmind-db-writer-perl): " + output);
            }
            Path streams = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kafka-streams-");
            return Map.of("kafka-streams.state.dir", streams.toString(),
                    "firebreak.ip-intelligence.city-db", dir.resolve("test-city.mmdb").toString(),
                    "firebreak.ip-intelligence.asn-db", dir.resolve("test-asn.mmdb").toString(),
                    "firebreak.ip-intelligence.anonymous-ip-db", dir.resolve("test-anonymous-ip.mmdb").toString(),
                    "firebreak.ip-intelligence.lists.vpn", Path.of("src/test/resources/ip/vpn-ranges.txt").toAbsolutePath().toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
    }
}
