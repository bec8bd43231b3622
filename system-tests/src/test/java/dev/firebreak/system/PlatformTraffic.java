package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.testing.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Sends platform events through both ingest paths and reads back what platform-signals-service raised. */
final class PlatformTraffic {

    static final String TOPOLOGY_GROUP = "platform-signals-detectors";

    private PlatformTraffic() {
    }

    static String bootstrap(LocalStack stack) {
        return "127.0.0.1:" + stack.config().kafkaPort();
    }

    static KafkaProducer<String, String> producer(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(stack));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    /** One event on {@code platform.events}, the tenant in its header, keyed by account. */
    static ProducerRecord<String, String> record(String tenant, Map<String, Object> event) {
        return record("platform.events", tenant, event);
    }

    /** One event as {@code platform.events} carries it, on another topic. */
    static ProducerRecord<String, String> record(String topic, String tenant, Map<String, Object> event) {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, (String) event.get("accountId"), json(event));
        r.headers().add("tenant-id", tenant.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** What an open-loop offer sends each 10 ms tick (numbered from 0): {@code events} events, and anything else. */
    interface Tick {
        void send(long tick, long events) throws Exception;
    }

    /**
     * An open-loop offer at a fixed rate: a tick every 10 ms from {@code start} (a {@link System#nanoTime()}) for
     * {@code seconds}, each sending {@code rate / 100} events, whatever the consumers' pace.
     *
     * @return the events offered
     */
    static long offer(long start, int rate, int seconds, Tick tick) throws Exception {
        long perTick = rate / 100;
        long end = start + Duration.ofSeconds(seconds).toNanos();
        long ticks = 0;
        while (System.nanoTime() < end) {
            tick.send(ticks, perTick);
            ticks++;
            long sleep = start + ticks * 10_000_000L - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        return ticks * perTick;
    }

    static void sendAll(LocalStack stack, String tenant, List<Map<String, Object>> events) throws Exception {
        try (KafkaProducer<String, String> producer = producer(stack)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (Map<String, Object> e : events) {
                sent.add(producer.send(record(tenant, e)));
            }
            for (var f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Posts the events in batches of {@code batch} (all or nothing each); returns how many were accepted. */
    static int post(LocalStack stack, String token, List<Map<String, Object>> events, int batch) {
        int accepted = 0;
        for (int i = 0; i < events.size(); i += batch) {
            Api.Reply reply = Api.post(stack, "platform-signals-service", "/api/v1/events", token,
                    events.subList(i, Math.min(events.size(), i + batch)));
            if (reply.status() != 200) {
                throw new IllegalStateException("POST /events: " + reply.status() + " " + reply.body());
            }
            accepted += reply.body().path("accepted").asInt();
        }
        return accepted;
    }

    /**
     * Messages the topology still has to process: over its group's partitions (the inputs and its repartition
     * topics), end offset minus committed offset, less the one transaction marker a partition may end with.
     */
    static long lag(LocalStack stack) throws Exception {
        return lagByTopic(stack).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The service's topology's lag per input topic (see {@link #lagByTopic(LocalStack, String)}). */
    static Map<String, Long> lagByTopic(LocalStack stack) throws Exception {
        return lagByTopic(stack, TOPOLOGY_GROUP);
    }

    /**
     * A Streams application's lag per input topic (repartition topics shortened to their stage), its group being
     * its application id: what is still to be read (empty before its first commit). The committed offset is the
     * next one to read; the last offset of a partition after a transaction is its commit marker, hence the one
     * subtracted.
     */
    static Map<String, Long> lagByTopic(LocalStack stack, String group) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(stack));
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<String, Long> lag = new TreeMap<>();
            for (var entry : committed.entrySet()) {
                long end = ends.get(entry.getKey()).offset();
                long at = entry.getValue() == null ? 0 : entry.getValue().offset();
                String topic = entry.getKey().topic().replace(group + "-", "").replace("-repartition", "");
                lag.merge(topic, Math.max(0, end - at - 1), Long::sum);
            }
            return lag;
        }
    }

    /** How many messages a topic holds (its partitions' end offsets). */
    static long size(LocalStack stack, String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(stack));
        try (Admin admin = Admin.create(props)) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    /** The codes platform-signals-service raised per account of the tenant whose id starts with the prefix. */
    static Map<String, Set<String>> raised(LocalStack stack, String tenant, String prefix) {
        Map<String, Set<String>> codes = new TreeMap<>();
        for (var r : TopicReader.readAll(bootstrap(stack), "risk.signals")) {
            if (!r.key().startsWith(tenant + ":") || !r.value().contains(prefix)) {
                continue;
            }
            JsonNode s = read(r.value());
            String account = s.path("subject").path("accountId").asText();
            if ("platform-signals-service".equals(s.path("source").asText()) && account.startsWith(prefix)) {
                codes.computeIfAbsent(account, a -> new TreeSet<>()).add(s.path("code").asText());
            }
        }
        return codes;
    }

    /** The detection check: every seeded flag found; no signal on any account not seeded with one. */
    record Check(int seeded, int found, List<String> missed, Map<String, Set<String>> falsePositives) {
        boolean passed() {
            return missed.isEmpty() && falsePositives.isEmpty();
        }

        @Override
        public String toString() {
            return "%d of %d seeded red flags found%s; %d benign accounts flagged%s".formatted(found, seeded,
                    missed.isEmpty() ? "" : " (missed: " + missed + ")", falsePositives.size(),
                    falsePositives.isEmpty() ? "" : " " + falsePositives);
        }
    }

    static Check check(Map<String, String> flagged, Map<String, Set<String>> raised) {
        List<String> missed = flagged.entrySet().stream()
                .filter(e -> !raised.getOrDefault(e.getKey(), Set.of()).contains(e.getValue()))
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        Map<String, Set<String>> falsePositives = raised.entrySet().stream().filter(e -> !flagged.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        return new Check(flagged.size(), flagged.size() - missed.size(), missed, falsePositives);
    }

    private static String json(Object value) {
        try {
            return Api.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String value) {
        try {
            return Api.JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
