package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.detect.Finding;
import dev.firebreak.platform.detect.SharedDetectors;
import dev.firebreak.platform.detect.TextSimilarity;
import dev.firebreak.platform.detect.Thresholds;
import dev.firebreak.platform.signal.StreamMessages;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stage keyed by something several accounts may share, after the account stage (which already de-duplicated and
 * placed the event): an IP (PL-02), a device (PL-11), a rating client (PL-05), a text's LSH band (PL-04). Partitioned
 * by that key, so one instance sees every account that shares it. Each stage keeps its key's events for its window,
 * marks the signals it emitted, and reports a sliding-window detection once per window unless it grows.
 */
abstract class SharedStage implements Processor<String, Flow, String, Flow> {

    static final String EVENTS = "T", EMITTED = "S", REPORTED = "R", USES = "U", COUNT = "N", CANDIDATES = "C";
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    protected final DetectionSettings settings;
    private final String storeName;
    private final Map<String, SharedDetectors> detectors = new ConcurrentHashMap<>();
    private ProcessorContext<String, Flow> context;
    protected EventStore store;

    SharedStage(DetectionSettings settings, String storeName) {
        this.settings = settings;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, Flow> context) {
        this.context = context;
        KeyValueStore<String, byte[]> kv = context.getStateStore(storeName);
        this.store = new EventStore(kv);
    }

    @Override
    public void process(Record<String, Flow> record) {
        Flow flow = record.value();
        Thresholds t = settings.thresholds(flow.tenantId());
        SharedDetectors shared = detectors.computeIfAbsent(flow.tenantId(), x -> new SharedDetectors(t, settings::commonIp));
        Optional<Finding> finding = inspect(record.key(), flow, t, shared);
        if (finding.isEmpty()) {
            return;
        }
        for (StreamMessages.Message m : StreamMessages.signals(flow.tenantId(), flow.activity().at(), finding.get())) {
            if (store.mark(record.key(), EMITTED, m.id(), "")) {
                context.forward(new Record<>(m.key(), Flow.out(m.topic(), m.payload()), record.timestamp(), new RecordHeaders()));
            }
        }
    }

    abstract Optional<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared);

    /** Whether a detection of {@code size} repeats one this key reported within {@code window} that was as big. */
    protected boolean fresh(String owner, Finding f, Instant at, Duration window, int size) {
        String key = StoreKeys.prefix(owner, REPORTED) + f.code();
        String last = store.get(key);
        if (last != null) {
            String[] parts = last.split(" ");
            Instant lastAt = Instant.parse(parts[0]);
            int lastSize = Integer.parseInt(parts[1]);
            if (lastSize >= size && !at.isAfter(lastAt.plus(window)) && !at.isBefore(lastAt.minus(window))) {
                return false;
            }
        }
        store.put(key, at + " " + size);
        return true;
    }

    /**
     * Stores the event among the key's, drops those older than the window and twice the lateness before it, and
     * returns the key's events within the window on either side of it (in time order).
     */
    protected List<Activity> keep(String owner, Activity e, Duration window) {
        store.put(owner, EVENTS, e);
        store.prune(owner, e.at().minus(window).minus(settings.lateness()).minus(settings.lateness()), EVENTS);
        return store.between(owner, e.at().minus(window), e.at().plus(window), EVENTS);
    }

    /** PL-02: accounts logging in from one IP. */
    static final class ByIp extends SharedStage {
        static final String STORE = "platform-ips";

        private final boolean shortcuts;

        ByIp(DetectionSettings settings, boolean shortcuts) {
            super(settings, STORE);
            this.shortcuts = shortcuts;
        }

        @Override
        Optional<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared) {
            Activity e = flow.activity();
            Duration window = t.accountsPerIpWindow();
            // how many accounts the IP has ever had, counted up to the point where it is common anyway, and when its
            // events were last pruned: "<accounts>" or "<accounts> <pruned at, epoch seconds>"
            String countKey = StoreKeys.prefix(owner, COUNT);
            String count = store.get(countKey);
            String[] parts = count == null ? new String[] {"0"} : count.split(" ");
            int accounts = Integer.parseInt(parts[0]);
            Instant prunedAt = parts.length > 1 ? Instant.ofEpochSecond(Long.parseLong(parts[1])) : null;
            boolean changed = false;
            if (accounts < t.commonIpAccounts() && store.mark(owner, USES, e.accountId(), "")) {
                accounts++;
                changed = true;
            }
            store.put(owner, EVENTS, e);
            // the window is hours long: pruning once an hour of the IP's event time saves a scan a login
            if (prunedAt == null || !e.at().isBefore(prunedAt.plus(PRUNE_EVERY))) {
                store.prune(owner, e.at().minus(window).minus(settings.lateness()).minus(settings.lateness()), EVENTS);
                prunedAt = e.at();
                changed = true;
            }
            if (changed) {
                store.put(countKey, accounts + " " + prunedAt.getEpochSecond());
            }
            // the IP's events are read only when they may link: most IPs have one account, a carrier's NAT thousands
            if (shortcuts && !shared.mayLink(e.ip(), accounts)) {
                return Optional.empty();
            }
            List<Activity> history = store.between(owner, e.at().minus(window), e.at().plus(window), EVENTS);
            return shared.accountsPerIp(history, e, accounts)
                    .filter(f -> fresh(owner, f, e.at(), window, f.accounts().size()));
        }
    }

    /** PL-11: accounts using one device (each at least {@code deviceMinUses} times). */
    static final class ByDevice extends SharedStage {
        static final String STORE = "platform-devices";

        private final boolean shortcuts;

        ByDevice(DetectionSettings settings, boolean shortcuts) {
            super(settings, STORE);
            this.shortcuts = shortcuts;
        }

        /** One account's use of the device: how often, and its earliest uses (as many as make it count). */
        static final class Uses {
            public int count;
            public List<Activity> earliest = new ArrayList<>();
        }

        @Override
        Optional<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared) {
            Activity e = flow.activity();
            String key = StoreKeys.prefix(owner, USES) + e.accountId();
            byte[] stored = store.getBytes(key);
            Uses uses = stored == null ? new Uses() : RecordCodec.uses(stored);
            uses.count++;
            uses.earliest.add(e);
            uses.earliest.sort(java.util.Comparator.comparing(Activity::at).thenComparing(Activity::eventId));
            if (uses.earliest.size() > t.deviceMinUses()) {
                uses.earliest = new ArrayList<>(uses.earliest.subList(0, t.deviceMinUses()));
            }
            store.putBytes(key, RecordCodec.uses(uses));
            // The accounts that qualify, and the use that made each qualify, change only when an account's earliest
            // uses change, and the account whose uses changed is then among them: the detection made on that record
            // already emitted what this set of accounts yields (the signal ids follow the accounts and those uses).
            // A later use that is not among its account's earliest cannot add a signal, so the device's other accounts
            // are not read for it.
            if (shortcuts && uses.earliest.stream().noneMatch(a -> a == e)) {
                return Optional.empty();
            }
            Map<String, List<Activity>> earliest = new TreeMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            for (KeyValue<String, byte[]> kv : store.all(owner, USES)) {
                Uses u = RecordCodec.uses(kv.value);
                String account = kv.key.substring(StoreKeys.prefix(owner, USES).length());
                earliest.put(account, u.earliest);
                counts.put(account, u.count);
            }
            return shared.sharedDevice(earliest, counts, e);
        }
    }

    /** PL-05: one client rating several accounts highly within a window. */
    static final class ByClient extends SharedStage {
        static final String STORE = "platform-clients";

        ByClient(DetectionSettings settings) {
            super(settings, STORE);
        }

        @Override
        Optional<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared) {
            Activity e = flow.activity();
            return shared.ratingBurst(keep(owner, e, t.ratingWindow()), e)
                    .filter(f -> fresh(owner, f, e.at(), t.ratingWindow(), f.accounts().size()));
        }
    }

    /**
     * PL-04: texts sharing one LSH band. A pair of texts sharing several bands is reported by the first band they
     * share only, so each pair is found once. A bucket holds at most {@link #BUCKET} texts (a boilerplate sentence
     * every account uses would otherwise grow without bound; its pairs are found through other bands).
     */
    static final class ByTextBand extends SharedStage {
        static final String STORE = "platform-text-bands";
        static final int BUCKET = 200;

        ByTextBand(DetectionSettings settings) {
            super(settings, STORE);
        }

        /** A text in a bucket. */
        record Candidate(String eventId, String accountId, Instant at, int[] signature, String excerpt) {
        }

        @Override
        Optional<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared) {
            Activity e = flow.activity();
            long[] bands = TextSimilarity.bands(flow.signature());
            List<TextSimilarity.Candidate> candidates = new ArrayList<>();
            List<KeyValue<String, byte[]>> bucket = store.all(owner, CANDIDATES);
            Instant cutoff = e.at().minus(settings.retention());
            for (KeyValue<String, byte[]> kv : bucket) {
                Candidate c = RecordCodec.candidate(kv.value);
                if (c.at().isBefore(cutoff)) {
                    store.putBytes(kv.key, null);
                    continue;
                }
                if (firstSharedBand(bands, TextSimilarity.bands(c.signature())) == flow.band()) {
                    candidates.add(new TextSimilarity.Candidate(c.eventId(), c.accountId(), c.signature(), c.excerpt()));
                }
            }
            if (bucket.size() < BUCKET) {
                store.putBytes(StoreKeys.prefix(owner, CANDIDATES) + e.eventId(), RecordCodec.candidate(new Candidate(e.eventId(),
                        e.accountId(), e.at(), flow.signature(), TextSimilarity.excerpt(e.text("text")))));
            }
            return TextSimilarity.inspect(e, flow.signature(), candidates, t.textSimilarity());
        }

        private static int firstSharedBand(long[] a, long[] b) {
            for (int i = 0; i < a.length; i++) {
                if (a[i] == b[i]) {
                    return i;
                }
            }
            return -1;
        }
    }
}
