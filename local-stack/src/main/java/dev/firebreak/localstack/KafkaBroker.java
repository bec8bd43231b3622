package dev.firebreak.localstack;

import dev.firebreak.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka broker (Apache Kafka's own {@code kafka.Kafka}) in a child process, with its
 * log directory under the stack's data folder. A separate process, not an in-process test kit, so that it can
 * be stopped and restarted on the same port with its data (the outbox tests do) and killed like a real broker.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final Path runDir;
    private ChildProcess process;

    /**
     * @param dir    the broker's own folder (configuration and log directory)
     * @param runDir where its pid and log file go
     */
    public KafkaBroker(Path dir, Path runDir, int port, int controllerPort, String classpath) {
        this.dir = dir;
        this.runDir = runDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
    }

    /** A broker for a test run: random free ports, a fresh folder, the current JVM's class path. */
    public static KafkaBroker forTests(Path dir) {
        return new KafkaBroker(dir, dir, Ports.free(), Ports.free(), System.getProperty("java.class.path"));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized KafkaBroker start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "the Kafka controller");
        Path config = writeConfig();
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            ChildProcess.runToCompletion("kafka-storage-format", List.of(Java.executable(), "-Xmx256m", "-cp", classpath,
                    "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                    "--ignore-formatted"), dir, Duration.ofMinutes(2));
        }
        process = ChildProcess.start("kafka", List.of(Java.executable(), "-Xms512m", "-Xmx512m",
                "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + writeLogConfig(),
                "-cp", classpath, "kafka.Kafka", config.toString()), Map.of(), dir, runDir);
        process.awaitReady(this::answers, Duration.ofSeconds(90));
        return this;
    }

    /** Graceful shutdown; the data stays, so {@link #start()} resumes with every topic and offset. */
    public synchronized void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public void createTopics(Collection<String> topics, int partitions) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(Topics.COMPACTED.contains(t)
                            ? Map.of("cleanup.policy", "compact", "retention.ms", "-1") : Map.of())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics", e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(props);
    }

    private boolean answers() {
        if (!Ports.inUse(port)) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private Path writeConfig() {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // no log.flush.interval.messages: Kafka's default leaves flushing to the OS, as a cluster does (it
                // relies on replication). A killed broker process loses nothing (its writes are in the page cache);
                // an fsync per append, per partition, under every transaction of the detector topology, makes the
                // broker the suite's bottleneck
                // Compaction throttled: unthrottled, the first cleaning of the detector topology's account changelogs
                // takes most of a core for tens of seconds, and every stage sharing the machine queues behind it. A
                // cluster's brokers have their own cores; this one shares the services'.
                "log.cleaner.io.max.bytes.per.second=20971520",
                "");
        return write("server.properties", properties);
    }

    private Path writeLogConfig() {
        return write("log4j2.properties", String.join("\n",
                "status=warn",
                "appender.console.type=Console",
                "appender.console.name=STDOUT",
                "appender.console.layout.type=PatternLayout",
                "appender.console.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.stdout.ref=STDOUT",
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                ""));
    }

    private Path write(String name, String content) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
