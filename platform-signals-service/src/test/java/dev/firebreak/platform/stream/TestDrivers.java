package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.ip.IpIntelligence;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.validation.Validation;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** The detector topology in a {@link TopologyTestDriver}, as the tests that drive it build it. */
public final class TestDrivers {

    private TestDrivers() {
    }

    /**
     * The topology {@code build} makes from settings of {@code config} (no IP intelligence), with the service's bounded
     * RocksDB memory (16 MB here) and a fresh state directory under {@code target}.
     */
    public static TopologyTestDriver start(String name, Map<String, String> config, ObjectMapper json,
                                           Function<DetectorTopology, Topology> build) throws IOException {
        return start(name, config, json, (tenant, worker) -> false, (tenant, account) -> false, build);
    }

    /** The same, with the service's suppression records as the two predicates answer. */
    public static TopologyTestDriver start(String name, Map<String, String> config, ObjectMapper json,
                                           BiPredicate<String, String> erasedWorker,
                                           BiPredicate<String, String> erasedAccount,
                                           Function<DetectorTopology, Topology> build) throws IOException {
        DetectionSettings settings = new DetectionSettings(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(config, "test", 500)).build());
        var validator = Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        DetectorTopology topology = new DetectorTopology(settings, IpIntelligence.none(),
                new IdentifierHasher("dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Qtb25seS0=", "v1"), validator, json,
                new DetectorTopology.Erased() {
                    @Override
                    public boolean worker(String tenantId, String workerId) {
                        return erasedWorker.test(tenantId, workerId);
                    }

                    @Override
                    public boolean account(String tenantId, String accountId) {
                        return erasedAccount.test(tenantId, accountId);
                    }
                });
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(Path.of("target"), name + "-").toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        props.put(BoundedRocksDb.MEMORY_MB, "16");
        return new TopologyTestDriver(build.apply(topology), props);
    }
}
