package dev.firebreak.platform.stream;

import dev.firebreak.kit.tracing.TraceParents;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.detect.Finding;
import dev.firebreak.platform.detect.SharedDetectors;
import dev.firebreak.platform.detect.TextSimilarity;
import dev.firebreak.platform.detect.Thresholds;
import dev.firebreak.platform.event.EventType;
import dev.firebreak.platform.ip.IpIntelligence;
import dev.firebreak.platform.signal.StreamMessages;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stage keyed by something several accounts may share, after the account stage (which already de-duplicated and
 * placed the event): an IP (PL-02), a device (PL-11), a rating client (PL-05), a group of texts' LSH bands (PL-04). Partitioned
 * by that key, so one instance sees every account that shares it. Each stage keeps its key's events for its window,
 * marks the signals it emitted, and reports a sliding-window detection once per window unless it grows.
 */
abstract class SharedStage implements Processor<String, Flow, String, Flow> {

    static final String EVENTS = "T", EMITTED = "S", REPORTED = "R", USES = "U", COUNT = "N", CANDIDATES = "C", HIRED = "H";
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
        if (flow.isErasure()) {
            erase(record.key(), flow);
            return;
        }
        Thresholds t = settings.thresholds(flow.tenantId());
        SharedDetectors shared = detectors.computeIfAbsent(flow.tenantId(), x -> new SharedDetectors(t, this::commonIp));
        for (Finding finding : inspect(record.key(), flow, t, shared)) {
            for (StreamMessages.Message m : StreamMessages.signals(flow.tenantId(), flow.activity().at(), finding)) {
                if (store.mark(record.key(), EMITTED, m.id(), "")) {
                    // with the trace of the event that caused it, if it came with one
                    context.forward(new Record<>(m.key(), Flow.out(m.topic(), m.payload()), record.timestamp(),
                            TraceParents.carried(record.headers())));
                }
            }
        }
    }

    /**
     * An account's erasure (issue 29): what this key holds of the account goes. What the key counted or reported
     * (how many accounts an IP has had, the ids of the signals emitted) holds nothing of the account and stays.
     */
    abstract void erase(String owner, Flow erasure);

    /** Deletes the owner's events of the kind that belong to the account. */
    protected void eraseEvents(String owner, String kind, String accountId) {
        for (KeyValue<String, byte[]> kv : store.all(owner, kind)) {
            if (Codecs.activity(kv.value).accountId().equals(accountId)) {
                store.delete(kv.key);
            }
        }
    }

    /** An IP that links no accounts: a configured common range (a carrier's NAT). */
    boolean commonIp(String ip) {
        return settings.commonIp(ip);
    }

    /** What the record shows (most stages find one thing at most; a text, one per band). */
    abstract List<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared);

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

        private final IpIntelligence intelligence;

        ByIp(DetectionSettings settings, IpIntelligence intelligence) {
            super(settings, STORE);
            this.intelligence = intelligence;
        }

        /**
         * Also an anonymising or hosting exit: its users are the provider's unrelated customers (PL-08 reports each of
         * them), not one operation (issue 30).
         */
        @Override
        boolean commonIp(String ip) {
            return super.commonIp(ip) || intelligence.classify(ip).anonymising();
        }

        @Override
        void erase(String owner, Flow erasure) {
            String account = erasure.activity().accountId();
            eraseEvents(owner, EVENTS, account);
            store.delete(StoreKeys.prefix(owner, USES) + account);
        }

        @Override
        List<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared) {
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
            if (!shared.mayLink(e.ip(), accounts)) {
                return List.of();
            }
            List<Activity> history = store.between(owner, e.at().minus(window), e.at().plus(window), EVENTS);
            return shared.accountsPerIp(history, e, accounts)
                    .filter(f -> fresh(owner, f, e.at(), window, f.accounts().size())).stream().toList();
        }
    }

    /** PL-11: accounts using one device (each at least {@code deviceMinUses} times). */
    static final class ByDevice extends SharedStage {
        static final String STORE = "platform-devices";

        ByDevice(DetectionSettings settings) {
            super(settings, STORE);
        }

        /** One account's use of the device: how often, and its earliest uses (as many as make it count). */
        static final class Uses {
            public int count;
            public List<Activity> earliest = new ArrayList<>();
        }

        @Override
        void erase(String owner, Flow erasure) {
            store.delete(StoreKeys.prefix(owner, USES) + erasure.activity().accountId());
        }

        @Override
        List<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared) {
            Activity e = flow.activity();
            String key = StoreKeys.prefix(owner, USES) + e.accountId();
            byte[] stored = store.getBytes(key);
            Uses uses = stored == null ? new Uses() : Codecs.uses(stored);
            uses.count++;
            uses.earliest.add(e);
            uses.earliest.sort(Comparator.comparing(Activity::at).thenComparing(Activity::eventId));
            if (uses.earliest.size() > t.deviceMinUses()) {
                uses.earliest = new ArrayList<>(uses.earliest.subList(0, t.deviceMinUses()));
            }
            store.putBytes(key, Codecs.uses(uses));
            // The accounts that qualify, and the use that made each qualify, change only when an account's earliest
            // uses change, and the account whose uses changed is then among them: the detection made on that record
            // already emitted what this set of accounts yields (the signal ids follow the accounts and those uses).
            // A later use that is not among its account's earliest cannot add a signal, so the device's other accounts
            // are not read for it.
            if (uses.earliest.stream().noneMatch(a -> a == e)) {
                return List.of();
            }
            Map<String, List<Activity>> earliest = new TreeMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            for (KeyValue<String, byte[]> kv : store.all(owner, USES)) {
                Uses u = Codecs.uses(kv.value);
                String account = kv.key.substring(StoreKeys.prefix(owner, USES).length());
                earliest.put(account, u.earliest);
                counts.put(account, u.count);
            }
            return shared.sharedDevice(earliest, counts, e).stream().toList();
        }
    }

    /** PL-05: one client rating several accounts highly within a window. */
    static final class ByClient extends SharedStage {
        static final String STORE = "platform-clients";

        ByClient(DetectionSettings settings) {
            super(settings, STORE);
        }

        @Override
        void erase(String owner, Flow erasure) {
            String account = erasure.activity().accountId();
            eraseEvents(owner, EVENTS, account);
            store.delete(StoreKeys.prefix(owner, HIRED) + account);
        }

        @Override
        List<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared) {
            Activity e = flow.activity();
            if (e.is(EventType.BID_ACCEPTED)) {
                // the client hired the account: its ratings of it are for work (kept for good, one small key each)
                store.mark(owner, HIRED, e.accountId(), "");
                return List.of();
            }
            return shared.ratingBurst(keep(owner, e, t.ratingWindow()), e, account -> store.marked(owner, HIRED, account))
                    .filter(f -> fresh(owner, f, e.at(), t.ratingWindow(), f.accounts().size())).stream().toList();
        }
    }

    /**
     * PL-04: texts sharing an LSH band. The account stage sends a text once per group of bands (band {@code b} is in
     * group {@code b % GROUPS}), keyed by the tenant's group, with its signature: four records a text, where one per
     * band was sixteen, each a copy of the signature. A group keeps each text once, ordered by time (so texts past the
     * retention are dropped by one range scan), and, per band of the group, a bucket of small entries naming them.
     * A pair of texts sharing several bands is reported by the first band they share only, so each pair is found once;
     * what is found does not depend on how the groups are spread over partitions. A bucket holds at most
     * {@link #BUCKET} texts (a boilerplate sentence every account uses would otherwise grow without bound; its pairs
     * are found through other bands).
     */
    static final class ByTextBands extends SharedStage {
        static final String STORE = "platform-texts";
        static final int GROUPS = 4;
        static final int BUCKET = 200;
        /** Kinds of this store: a bucket's entries, and when a group last dropped texts past the retention. */
        static final String MEMBERS = "M", PRUNED = "P";
        private static final byte[] EMPTY = new byte[0];

        ByTextBands(DetectionSettings settings) {
            super(settings, STORE);
        }

        /** The key of a tenant's group of bands: the records a text sends, and the texts a group keeps. */
        static String owner(String tenantId, int group) {
            return StoreKeys.owner(tenantId, "texts:" + group);
        }

        /** The key of one band's bucket (band index folded in, as in its LSH key). */
        static String bucket(String tenantId, int band, long key) {
            return StoreKeys.owner(tenantId, band + ":" + Long.toHexString(key));
        }

        /** A text kept by its group. */
        record Candidate(String eventId, String accountId, Instant at, int[] signature, String excerpt) {
        }

        /** A kept text read for the text at hand, with its bands. */
        private record Read(Candidate text, long[] bands) {
        }

        /** The group's texts of the account go, with their bucket entries (the group's texts are read once). */
        @Override
        void erase(String owner, Flow erasure) {
            String account = erasure.activity().accountId();
            String texts = StoreKeys.prefix(owner, CANDIDATES);
            for (KeyValue<String, byte[]> kv : store.all(owner, CANDIDATES)) {
                Candidate c = Codecs.candidate(kv.value);
                if (!c.accountId().equals(account)) {
                    continue;
                }
                long[] bands = TextSimilarity.bands(c.signature());
                String text = kv.key.substring(texts.length());
                for (int b = erasure.group(); b < bands.length; b += GROUPS) {
                    store.delete(StoreKeys.prefix(bucket(erasure.tenantId(), b, bands[b]), MEMBERS) + text);
                }
                store.delete(kv.key);
            }
        }

        @Override
        List<Finding> inspect(String owner, Flow flow, Thresholds t, SharedDetectors shared) {
            Activity e = flow.activity();
            String tenant = flow.tenantId();
            int[] signature = flow.signature();
            long[] bands = TextSimilarity.bands(signature);
            prune(owner, tenant, flow.group(), e.at());
            Instant cutoff = e.at().minus(settings.retention());
            // a bucket entry and the kept text share their key's end: <event time>␀<eventId>
            String texts = StoreKeys.prefix(owner, CANDIDATES);
            String own = StoreKeys.stamp(e.at(), e.eventId());
            Map<String, Read> read = new HashMap<>();
            List<Finding> findings = new ArrayList<>();
            boolean kept = false;
            for (int b = flow.group(); b < bands.length; b += GROUPS) {
                String bucket = bucket(tenant, b, bands[b]);
                String members = StoreKeys.prefix(bucket, MEMBERS);
                List<TextSimilarity.Candidate> candidates = new ArrayList<>();
                int live = 0;
                for (KeyValue<String, byte[]> entry : store.all(bucket, MEMBERS)) {
                    String text = entry.key.substring(members.length());
                    Read r = read.computeIfAbsent(text, k -> {
                        byte[] stored = store.getBytes(texts + k);
                        if (stored == null) {
                            return null;
                        }
                        Candidate c = Codecs.candidate(stored);
                        return new Read(c, TextSimilarity.bands(c.signature()));
                    });
                    if (r == null || r.text().at().isBefore(cutoff)) {
                        continue; // dropped, or due to be: the group's next pruning removes it with its entries
                    }
                    live++;
                    if (firstSharedBand(bands, r.bands()) == b) {
                        Candidate c = r.text();
                        candidates.add(new TextSimilarity.Candidate(c.eventId(), c.accountId(), c.signature(), c.excerpt()));
                    }
                }
                if (live < BUCKET) {
                    store.putBytes(members + own, EMPTY);
                    kept = true;
                }
                TextSimilarity.inspect(e, signature, candidates, t.textSimilarity()).ifPresent(findings::add);
            }
            if (kept) {
                store.putBytes(texts + own, Codecs.candidate(new Candidate(e.eventId(), e.accountId(), e.at(), signature,
                        TextSimilarity.excerpt(e.text("text")))));
            }
            return findings;
        }

        /**
         * Drops the group's texts older than the retention and twice the lateness before {@code at}, with their bucket
         * entries: once an hour of the group's event time, as the IP stage prunes.
         */
        private void prune(String owner, String tenant, int group, Instant at) {
            String markKey = StoreKeys.prefix(owner, PRUNED);
            String mark = store.get(markKey);
            if (mark != null && at.isBefore(Instant.ofEpochSecond(Long.parseLong(mark)).plus(PRUNE_EVERY))) {
                return;
            }
            String texts = StoreKeys.prefix(owner, CANDIDATES);
            Instant cutoff = at.minus(settings.retention()).minus(settings.lateness()).minus(settings.lateness());
            for (KeyValue<String, byte[]> old : store.older(owner, CANDIDATES, cutoff)) {
                Candidate c = Codecs.candidate(old.value);
                long[] bands = TextSimilarity.bands(c.signature());
                String text = old.key.substring(texts.length());
                for (int b = group; b < bands.length; b += GROUPS) {
                    store.putBytes(StoreKeys.prefix(bucket(tenant, b, bands[b]), MEMBERS) + text, null);
                }
                store.putBytes(old.key, null);
            }
            store.put(markKey, Long.toString(at.getEpochSecond()));
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
