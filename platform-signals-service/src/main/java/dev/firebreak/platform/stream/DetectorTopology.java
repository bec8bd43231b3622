package dev.firebreak.platform.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.kit.coverage.CoverageRecorder;
import dev.firebreak.kit.erasure.ErasedSubjects;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.kit.metrics.DeadLetters;
import dev.firebreak.platform.api.EveryPropertyReachable;
import dev.firebreak.platform.coverage.PlatformCoverage;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.ip.IpIntelligence;
import dev.firebreak.platform.signal.StreamMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

import java.util.List;

/**
 * The platform detectors as one Kafka Streams topology (run by quarkus-kafka-streams with
 * {@code processing.guarantee=exactly_once_v2}: a state change and the messages it causes are committed together).
 *
 * <pre>
 * platform.events.<tenant> ─► tenant-topic intake ─► platform.events.accepted (keyed by account)
 * platform.events ─────────┐                                  ┌─► by-ip ─────────► PL-02 ─┐
 * platform.events.accepted ┴─► account stage (keyed by account)┼─► by-device ─────► PL-11 ─┤
 *   (bad input → .dlq)          intake, dedup, lateness, PL-01, ├─► by-client ─────► PL-05 ─┼─► risk.signals
 *                               03, 06..10, 12..18, observations├─► by-text-bands ─► PL-04 ─┘   entity.observations
 * worker.erasures ─► intake ───────────────────────────────────┴─► by-worker: a worker's accounts; its erasure goes to
 *   each account (through platform.events.accepted), which erases itself and sends it on to the stages above
 * </pre>
 * Every stage is partitioned by its own key, so adding an instance moves whole keys (and their changelogged state)
 * to it; signal ids are deterministic and every stage marks what it emitted, so reprocessing emits nothing twice.
 */
@ApplicationScoped
public class DetectorTopology {

    private final Usage usage;
    private final DetectionSettings settings;
    private final IpIntelligence ip;
    private final IdentifierHasher hasher;
    private final Validator validator;
    private final ObjectMapper json;
    private final Erased erased;

    /**
     * The service's suppression records as the topology asks them: a worker erased, an account erased (with its worker,
     * or by the database side). Asked per event: both are in-memory look-ups, and free while nothing was erased.
     */
    public interface Erased {
        boolean worker(String tenantId, String workerId);

        boolean account(String tenantId, String accountId);
    }

    /** What each tenant sends, counted for its coverage answer (issue 27); once per event an account takes. */
    @FunctionalInterface
    public interface Usage {
        Usage NONE = (tenantId, event) -> { };

        void record(String tenantId, Activity event);
    }

    @Inject
    public DetectorTopology(DetectionSettings settings, IpIntelligence ip, IdentifierHasher hasher, ValidatorFactory validation,
                            ObjectMapper json, ErasedSubjects erased, CoverageRecorder coverage) {
        this(settings, ip, hasher, validation, json, new Erased() {
            @Override
            public boolean worker(String tenantId, String workerId) {
                return erased.isErasedWorker(tenantId, workerId);
            }

            @Override
            public boolean account(String tenantId, String accountId) {
                return erased.isErased(tenantId, ErasedSubjects.Kind.ACCOUNT, accountId);
            }
        }, (tenantId, event) -> coverage.record(tenantId, event.type().name(), PlatformCoverage.present(event)));
    }

    /** @param erased the service's suppression records */
    public DetectorTopology(DetectionSettings settings, IpIntelligence ip, IdentifierHasher hasher, ValidatorFactory validation,
                            ObjectMapper json, Erased erased) {
        this(settings, ip, hasher, validation, json, erased, Usage.NONE);
    }

    /** @param usage counts what each tenant sends (coverage) */
    public DetectorTopology(DetectionSettings settings, IpIntelligence ip, IdentifierHasher hasher, ValidatorFactory validation,
                            ObjectMapper json, Erased erased, Usage usage) {
        this.usage = usage;
        this.erased = erased;
        this.settings = settings;
        this.ip = ip;
        this.hasher = hasher;
        // The event's constraints as the REST API checks them, without asking JPA on every property whether it is
        // loaded (the default resolver's question, half of validating an event): an event is never an entity. (The
        // service's factory has this resolver already; a factory built outside Quarkus, as in tests, has not.)
        this.validator = validation.usingContext().traversableResolver(new EveryPropertyReachable()).getValidator();
        this.json = json;
    }

    @Produces
    public Topology topology() {
        Serde<String> keys = Schemas.KEYS;
        Serde<Flow> flows = Schemas.FANNED;
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : new String[] {AccountStore.NAME, SharedStage.ByIp.STORE, SharedStage.ByDevice.STORE,
                SharedStage.ByClient.STORE, SharedStage.ByTextBands.STORE, WorkerStage.STORE}) {
            // Not cached: Streams' record cache saves a write only for a key written twice within a commit, which an
            // account's state rarely is (thousands of accounts, a few events each per commit), and it cost more than
            // it saved: once full it evicted (and wrote) an entry on every put, and its sorted-map bookkeeping, its
            // look-ups before RocksDB and its flush at each commit took much of the stream threads' time.
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), keys, Serdes.ByteArray())
                    .withCachingDisabled());
        }

        // both inputs are keyed by account (the REST API writes so, producers on platform.events are asked to) and
        // have as many partitions, so an account's events meet in one task; a message keyed otherwise is sent round
        // once more through platform.events.accepted, keyed by its account
        Intake intake = new Intake(json, validator, hasher, settings);
        KStream<String, Flow> accounts = builder.stream(List.of(StreamMessages.EVENTS, StreamMessages.ACCEPTED_EVENTS),
                        Consumed.with(keys, Schemas.INCOMING))
                .process(() -> new AccountStage(settings, ip, intake, erased, usage), Named.as("account-stage"),
                        AccountStore.NAME);

        KStream<String, Flow> out = accounts.filter((k, v) -> v.isOut(), Named.as("account-out"));
        // the tenants' own topics: read, checked and sent on to the accepted events, keyed by account
        out = out.merge(builder.stream(StreamMessages.TENANT_EVENTS, Consumed.with(keys, Schemas.INCOMING))
                .process(() -> new TenantTopicIntake(intake), Named.as("tenant-topic-intake")));
        out = out.merge(shared(accounts, Flow.Fan.IP, "by-ip", () -> new SharedStage.ByIp(settings, ip), SharedStage.ByIp.STORE, keys, flows));
        out = out.merge(shared(accounts, Flow.Fan.DEVICE, "by-device", () -> new SharedStage.ByDevice(settings),
                SharedStage.ByDevice.STORE, keys, flows));
        out = out.merge(shared(accounts, Flow.Fan.CLIENT, "by-client", () -> new SharedStage.ByClient(settings),
                SharedStage.ByClient.STORE, keys, flows));
        out = out.merge(shared(accounts, Flow.Fan.TEXT, "by-text-bands", () -> new SharedStage.ByTextBands(settings),
                SharedStage.ByTextBands.STORE, keys, flows));
        // erasure (issue 29): worker.erasures and the accounts' first events naming a worker meet at the worker stage
        // (and the erasures asked of this service alone, which it does not confirm)
        KStream<String, Flow> erasures = builder.stream(List.of(StreamMessages.WORKER_ERASURES,
                        StreamMessages.LOCAL_ERASURES), Consumed.with(keys, Schemas.INCOMING))
                .process(() -> new Erasing.NoticeIntake(hasher), Named.as("worker-erasures-intake"));
        out = out.merge(erasures.filter((k, v) -> v.isOut(), Named.as("worker-erasures-refused")));
        out = out.merge(accounts.filter((k, v) -> v.isFor(Flow.Fan.WORKER), Named.as("by-worker-events"))
                .merge(erasures.filter((k, v) -> v.isFor(Flow.Fan.WORKER), Named.as("worker-erasures-in")))
                .repartition(Repartitioned.with(keys, flows).withName("by-worker"))
                .process(WorkerStage::new, Named.as("by-worker-stage"), WorkerStage.STORE));
        // the sink names each message's topic; a dead letter is counted here, where every stage's ends up
        out.to((key, value, context) -> {
            if (value.topic().endsWith(".dlq")) {
                DeadLetters.counted(DeadLetters.sourceOf(value.topic()));
            }
            return value.topic();
        }, Produced.with(keys, Schemas.OUTGOING));
        return builder.build();
    }

    private static KStream<String, Flow> shared(KStream<String, Flow> accounts, Flow.Fan fan, String name,
                                                ProcessorSupplier<String, Flow, String, Flow> stage, String store,
                                                Serde<String> keys, Serde<Flow> flows) {
        return accounts.filter((k, v) -> v.isFor(fan), Named.as(name + "-events"))
                .repartition(Repartitioned.with(keys, flows).withName(name))
                .process(stage, Named.as(name + "-stage"), store);
    }
}
