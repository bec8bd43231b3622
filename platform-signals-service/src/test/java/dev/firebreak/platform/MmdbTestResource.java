package dev.firebreak.platform;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points the service's IP intelligence at the small test databases committed in {@code src/test/resources/ip/}
 * (GeoIP2-City, GeoLite2-ASN and GeoIP2-Anonymous-IP layouts over documentation ranges), so that {@code ./mvnw verify}
 * needs a JDK and nothing else; gives the detector topology a state directory of this run's own. The databases are
 * written by {@code src/test/resources/ip/write-test-mmdb.pl}: after changing it, regenerate them with
 * {@code perl src/test/resources/ip/write-test-mmdb.pl src/test/resources/ip} (Debian: libmaxmind-db-writer-perl).
 */
public class MmdbTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Path DATABASES = Path.of("src/test/resources/ip");

    @Override
    public Map<String, String> start() {
        try {
            for (String db : new String[] {"test-city.mmdb", "test-asn.mmdb", "test-anonymous-ip.mmdb"}) {
                if (!Files.isRegularFile(DATABASES.resolve(db))) {
                    throw new IllegalStateException(DATABASES.resolve(db) + " is missing: regenerate it with "
                            + "perl src/test/resources/ip/write-test-mmdb.pl src/test/resources/ip");
                }
            }
            Path dir = DATABASES.toAbsolutePath();
            Path streams = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(),
                    "kafka-streams-");
            return Map.of("kafka-streams.state.dir", streams.toString(),
                    "firebreak.ip-intelligence.city-db", dir.resolve("test-city.mmdb").toString(),
                    "firebreak.ip-intelligence.asn-db", dir.resolve("test-asn.mmdb").toString(),
                    "firebreak.ip-intelligence.anonymous-ip-db", dir.resolve("test-anonymous-ip.mmdb").toString(),
                    "firebreak.ip-intelligence.lists.vpn", DATABASES.resolve("vpn-ranges.txt").toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
