package dev.firebreak.localstack.testing;

import dev.firebreak.contract.Topics;
import dev.firebreak.localstack.KafkaBroker;
import dev.firebreak.localstack.Postgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real infrastructure of a service's {@code @QuarkusTest}s: an embedded PostgreSQL 17 server with the
 * service's database, and a KRaft Kafka broker process with every topic of the suite. Inject the broker into a
 * test with {@link InjectKafkaBroker} to stop and restart it.
 */
public class LocalInfraResource implements QuarkusTestResourceLifecycleManager {

    private Postgres postgres;
    private KafkaBroker kafka;
    private FileServer files;
    /** The test tenant with a platform-events topic of its own ({@code platform.events.tenant-p}). */
    public static final String TOPIC_TENANT = "tenant-p";

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("firebreak-kafka-");
            postgres = Postgres.startForTests().ensureDatabase("service");
            kafka = KafkaBroker.forTests(dir).start();
            kafka.createTopics(Topics.ALL, 3);
            // a tenant's own platform-events topic, as a deployment creates one per tenant that sends on Kafka
            kafka.createTopics(List.of(Topics.platformEvents(TOPIC_TENANT)), 2);
            // files on loopback a service fetches by address (a sanctions list's), put there by its tests
            files = FileServer.start();
            return Map.of(
                    "firebreak.test.files-url", files.url(),
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl("service"),
                    "quarkus.datasource.username", Postgres.USER,
                    "quarkus.datasource.password", "unused",
                    "kafka.bootstrap.servers", kafka.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(kafka, new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        if (files != null) {
            files.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (dir != null) {
            // the broker's log directory, stopped with it: each test run would otherwise leave its topics behind
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a directory that cannot be listed stays, as every one did before: it fails no test
            }
        }
    }
}
