package dev.firebreak.platform.stream;

import dev.firebreak.kit.tracing.TraceParents;
import dev.firebreak.platform.detect.AccountDetectors;
import dev.firebreak.platform.detect.AccountState;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.detect.Finding;
import dev.firebreak.platform.detect.TextSimilarity;
import dev.firebreak.platform.event.EventType;
import dev.firebreak.platform.ip.IpIntelligence;
import dev.firebreak.platform.signal.StreamMessages;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account stage, the topology's adapter around {@link AccountDetectors}: one account's events (partitioned by
 * tenant and account, so one instance holds each account), read by {@link Intake}, de-duplicated on {@code eventId},
 * placed in event-time order within the allowed lateness (a later one goes to the dead-letter topic), inspected by
 * the detectors through the account's {@link AccountStore.Account}; new identifiers become observations, and events
 * that share something with other accounts go on to that thing's stage.
 */
final class AccountStage implements Processor<String, byte[], String, Flow> {

    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** The walk telling the worker stage every account's workers (see AccountStore#workersShown): entries per second. */
    static final int WORKERS_WALK_STEP = 20_000;

    private final DetectionSettings settings;
    private final IpIntelligence ip;
    private final Intake intake;
    private final AccountObservations observations;
    /** The service's suppression records: an erased worker's or account's events are dropped. */
    private final DetectorTopology.Erased erased;
    /** What each tenant sends, for its coverage answer. */
    private final DetectorTopology.Usage usage;
    private final Map<String, AccountDetectors> detectors = new ConcurrentHashMap<>();
    private ProcessorContext<String, Flow> context;
    private AccountStore accounts;
    private Cancellable walk;
    /** The headers of the record being processed (its trace goes on with what it causes); null in a punctuation. */
    private Headers incoming;

    AccountStage(DetectionSettings settings, IpIntelligence ip, Intake intake, DetectorTopology.Erased erased,
                 DetectorTopology.Usage usage) {
        this.settings = settings;
        this.usage = usage;
        this.erased = erased;
        this.ip = ip;
        this.intake = intake;
        this.observations = new AccountObservations(ip, ip);
    }

    @Override
    public void init(ProcessorContext<String, Flow> context) {
        this.context = context;
        this.accounts = new AccountStore(context.getStateStore(AccountStore.NAME));
        // once per store, in steps on the stream thread between records (a store written before the worker stage)
        this.walk = context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::walkWorkers);
    }

    private void walkWorkers(long now) {
        incoming = null;
        boolean more = accounts.workersShown(WORKERS_WALK_STEP, shown -> forward(
                StoreKeys.owner(shown.tenantId(), shown.workerId()), Flow.fan(shown.tenantId(), new Activity(
                        "walk:" + shown.accountId(), EventType.ACCOUNT_CREATED, shown.accountId(), shown.workerId(),
                        Instant.ofEpochMilli(now), null, null, Map.of()), Flow.Fan.WORKER), now));
        if (!more) {
            walk.cancel();
        }
    }

    @Override
    public void process(Record<String, byte[]> message) {
        incoming = message.headers();
        boolean fromRest = context.recordMetadata().map(m -> m.topic().equals(StreamMessages.ACCEPTED_EVENTS)).orElse(false);
        if (fromRest && Erasing.isControl(message)) {
            erase(message);
            return;
        }
        Flow flow;
        try {
            flow = intake.read(message, fromRest);
        } catch (Intake.Rejected e) {
            context.forward(Intake.deadLetter(message, e.getMessage()));
            return;
        }
        String tenant = flow.tenantId();
        Activity e = flow.activity();
        if ((e.workerId() != null && erased.worker(tenant, e.workerId())) || erased.account(tenant, e.accountId())) {
            // about an erased worker or account: nothing of it is kept (issue 29); the account's own erased state
            // says so too, but not in a store rebuilt from empty, where a replay would otherwise bring it back
            return;
        }
        if (!e.accountId().equals(message.key())) {
            // not keyed by its account, so perhaps in another account's partition: back in through the accepted-events
            // topic keyed by the account, where the partitioner puts it with the account's other events
            forward(e.accountId(), Flow.out(StreamMessages.ACCEPTED_EVENTS, intake.asAccepted(tenant, message, fromRest)),
                    message.timestamp());
            return;
        }
        AccountStore.Account account = accounts.account(tenant, e.accountId());
        if (account.erased()) {
            return; // an erased account: nothing of it is kept, a replay brings nothing back
        }
        if (account.holds(e)) {
            return; // a replay: already placed and inspected (older than the retention it is late anyway)
        }
        usage.record(tenant, e);
        Instant newest = account.state().newest;
        if (newest != null && e.at().isBefore(newest.minus(settings.lateness()))) {
            context.forward(Intake.deadLetter(message, "later than the allowed lateness " + settings.lateness()
                    + ": occurredAt " + e.at() + ", the account's newest event " + newest));
            return;
        }
        boolean newIp = account.add(e);
        List<StreamMessages.Message> out = new ArrayList<>(observations.of(tenant, account, e, newIp));
        for (Finding f : detectors(tenant).inspect(account, e)) {
            for (StreamMessages.Message m : StreamMessages.signals(tenant, e.at(), f)) {
                if (account.firstEmitted(m.id())) {
                    out.add(m);
                }
            }
        }
        for (StreamMessages.Message m : out) {
            forward(m.key(), Flow.out(m.topic(), m.payload()), message.timestamp());
        }
        fanOut(tenant, e, message.timestamp(), account);

        // retention is coarse (days): pruning once an hour of the account's event time saves four scans an event
        AccountState state = account.state();
        if (state.prunedAt == null || !state.newest.isBefore(state.prunedAt.plus(PRUNE_EVERY))) {
            account.forgetBefore(state.newest.minus(settings.retention()));
        }
        account.save();
    }

    private AccountDetectors detectors(String tenant) {
        return detectors.computeIfAbsent(tenant, x -> new AccountDetectors(settings.thresholds(tenant), settings.lateness(), ip, ip));
    }

    /**
     * An account's erasure (a control record of {@link Erasing}): the account's entries go, and the erasure goes on to
     * every stage keyed by something the account showed, and to the database side.
     */
    private void erase(Record<String, byte[]> message) {
        Erasing.AccountErasure erasure;
        try {
            erasure = Erasing.read(message.value());
        } catch (Intake.Rejected e) {
            context.forward(Intake.deadLetter(message, e.getMessage()));
            return;
        }
        String tenant = erasure.tenantId();
        String accountId = erasure.accountId();
        AccountStore.Held held = accounts.account(tenant, accountId).erase();
        long at = message.timestamp();
        Instant now = Instant.now();
        for (String ip : held.ips()) {
            forward(StoreKeys.owner(tenant, ip), Flow.erasure(tenant, accountId, erasure.workerId(), Flow.Fan.IP, -1,
                    erasure.erasureId(), now), at);
        }
        for (String device : held.devices()) {
            forward(StoreKeys.owner(tenant, device), Flow.erasure(tenant, accountId, erasure.workerId(),
                    Flow.Fan.DEVICE, -1, erasure.erasureId(), now), at);
        }
        for (String client : held.clients()) {
            forward(StoreKeys.owner(tenant, client), Flow.erasure(tenant, accountId, erasure.workerId(),
                    Flow.Fan.CLIENT, -1, erasure.erasureId(), now), at);
        }
        for (int g = 0; g < SharedStage.ByTextBands.GROUPS; g++) {
            forward(SharedStage.ByTextBands.owner(tenant, g), Flow.erasure(tenant, accountId, erasure.workerId(),
                    Flow.Fan.TEXT, g, erasure.erasureId(), now), at);
        }
        context.forward(Erasing.accountErased(erasure, at));
    }

    /** Events that other accounts may share a thing with go on to that thing's stage, keyed by it. */
    private void fanOut(String tenant, Activity e, long timestamp, AccountStore.Account account) {
        if (e.workerId() != null && account.newlyShown(AccountStore.WORKER + e.workerId())) {
            // the worker stage learns the account's worker, so that the worker's erasure reaches the account
            forward(StoreKeys.owner(tenant, e.workerId()), Flow.fan(tenant, new Activity(e.eventId(), e.type(),
                    e.accountId(), e.workerId(), e.at(), null, null, Map.of()), Flow.Fan.WORKER), timestamp);
        }
        if (e.is(EventType.LOGIN, EventType.ACCOUNT_CREATED) && e.ip() != null) { // a creation is a login, and says when
            forward(StoreKeys.owner(tenant, e.ip()), Flow.fan(tenant, e, Flow.Fan.IP), timestamp);
        }
        if (e.device() != null) {
            forward(StoreKeys.owner(tenant, e.device()), Flow.fan(tenant, e, Flow.Fan.DEVICE), timestamp);
        }
        if (e.is(EventType.RATING, EventType.BID_ACCEPTED) && e.text("clientId") != null) {
            account.firstShown(AccountStore.CLIENT + e.text("clientId")); // named by the account's erasure
            forward(StoreKeys.owner(tenant, e.text("clientId")), Flow.fan(tenant, e, Flow.Fan.CLIENT), timestamp);
        }
        if (e.is(EventType.PROFILE_TEXT, EventType.BID) && e.text("text") != null) {
            int[] signature = TextSimilarity.signature(e.text("text"), settings.thresholds(tenant).textMinShingles());
            if (signature != null) {
                // the bands' stage keeps and shows only the text's excerpt: copies of the whole event are not sent
                Activity text = new Activity(e.eventId(), e.type(), e.accountId(), e.workerId(), e.at(), null, null,
                        Map.of("text", TextSimilarity.excerpt(e.text("text"))));
                for (int g = 0; g < SharedStage.ByTextBands.GROUPS; g++) {
                    forward(SharedStage.ByTextBands.owner(tenant, g), Flow.text(tenant, text, signature, g), timestamp);
                }
            }
        }
    }

    /** Forwards with the trace of the record being processed, if it came with one (and nothing else of its headers). */
    private void forward(String key, Flow flow, long timestamp) {
        context.forward(new Record<>(key, flow, timestamp, TraceParents.carried(incoming)));
    }
}
