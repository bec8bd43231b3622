package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.AccountDetectors;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.AnonymisingNetwork;
import dev.firebreak.platform.detect.DetectionSettings;
import dev.firebreak.platform.detect.Finding;
import dev.firebreak.platform.detect.GeoLocator;
import dev.firebreak.platform.detect.OffPlatformRequests;
import dev.firebreak.platform.detect.TextSimilarity;
import dev.firebreak.platform.detect.Thresholds;
import dev.firebreak.platform.event.Sighting;
import dev.firebreak.platform.ip.IpIntelligence;
import dev.firebreak.platform.signal.StreamMessages;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The account stage: one account's events (partitioned by tenant and account, so one instance holds each account),
 * de-duplicated on {@code eventId}, placed in event-time order within the allowed lateness (a later one goes to the
 * dead-letter topic), and read by the account detectors through the windows they need. New identifiers of the
 * account become observations; events that share something with other accounts go on to that thing's stage.
 */
final class AccountStage implements Processor<String, byte[], String, Flow> {

    static final String STORE = "platform-accounts";
    /** Kinds of entries in the store: logins, bids, messages, other events; signals, identifiers, the state. */
    static final String LOGINS = "L", BIDS = "B", MESSAGES = "M", OTHER = "O", EMITTED = "S",
            IDENTIFIERS = "I", STATE = "Z";
    static final String[] ALL_EVENTS = {LOGINS, BIDS, MESSAGES, OTHER};
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final DetectionSettings settings;
    private final IpIntelligence ip;
    private final OffPlatformRequests requests = new OffPlatformRequests();
    private final AnonymisingNetwork anonymising = new AnonymisingNetwork();
    private final Map<String, AccountDetectors> detectors = new ConcurrentHashMap<>();
    private ProcessorContext<String, Flow> context;
    private EventStore store;

    private final Intake intake;
    /** Whether reads that cannot change a result are skipped (see {@link DetectorTopology#withoutShortcuts()}). */
    private final boolean shortcuts;

    AccountStage(DetectionSettings settings, IpIntelligence ip, Intake intake, boolean shortcuts) {
        this.settings = settings;
        this.ip = ip;
        this.intake = intake;
        this.shortcuts = shortcuts;
    }

    @Override
    public void init(ProcessorContext<String, Flow> context) {
        this.context = context;
        KeyValueStore<String, byte[]> kv = context.getStateStore(STORE);
        this.store = new EventStore(kv);
    }

    @Override
    public void process(Record<String, byte[]> message) {
        boolean fromRest = context.recordMetadata().map(m -> m.topic().equals(StreamMessages.ACCEPTED_EVENTS)).orElse(false);
        Flow flow;
        try {
            flow = intake.read(message, fromRest);
        } catch (Intake.Rejected e) {
            context.forward(Intake.deadLetter(message, e.getMessage()));
            return;
        }
        String tenant = flow.tenantId();
        Activity e = flow.activity();
        if (!e.accountId().equals(message.key())) {
            // not keyed by its account, so perhaps in another account's partition: back in through the accepted-events
            // topic keyed by the account, where the partitioner puts it with the account's other events
            context.forward(new Record<>(e.accountId(), Flow.out(StreamMessages.ACCEPTED_EVENTS,
                    intake.asAccepted(tenant, message, fromRest)), message.timestamp(), new RecordHeaders()));
            return;
        }
        String owner = StoreKeys.owner(tenant, e.accountId());
        String stateKey = StoreKeys.prefix(owner, STATE);
        byte[] stored = store.getBytes(stateKey);
        AccountState state = stored == null ? AccountState.first() : RecordCodec.state(stored);
        // every stored event is at or before the account's newest, so only an event there can be a replay
        if ((!shortcuts || state.newest != null && !e.at().isAfter(state.newest))
                && store.get(StoreKeys.timed(owner, kind(e), e.at(), e.eventId())) != null) {
            return; // a replay: already placed and inspected (older than the retention it is late anyway)
        }
        if (state.newest != null && e.at().isBefore(state.newest.minus(settings.lateness()))) {
            context.forward(Intake.deadLetter(message, "later than the allowed lateness " + settings.lateness()
                    + ": occurredAt " + e.at() + ", the account's newest event " + state.newest));
            return;
        }
        Thresholds t = settings.thresholds(tenant);
        AccountDetectors detect = detectors.computeIfAbsent(tenant, x -> new AccountDetectors(t, geo()));
        store.put(owner, kind(e), e);
        state.newest = state.newest == null || e.at().isAfter(state.newest) ? e.at() : state.newest;
        count(e, state.counts);
        tally(e, state, t);

        List<StreamMessages.Message> out = new ArrayList<>();
        observe(tenant, owner, e, state.counts, out);
        List<Finding> findings = new ArrayList<>();
        inspect(owner, e, state, t, detect, findings);
        for (Finding f : findings) {
            for (StreamMessages.Message m : StreamMessages.signals(tenant, e.at(), f)) {
                if (store.mark(owner, EMITTED, m.id(), "")) {
                    out.add(m);
                }
            }
        }
        for (StreamMessages.Message m : out) {
            context.forward(new Record<>(m.key(), Flow.out(m.topic(), m.payload()), message.timestamp(), new RecordHeaders()));
        }
        fanOut(tenant, e, message.timestamp());

        // retention is coarse (days): pruning once an hour of the account's event time saves four scans an event
        if (state.prunedAt == null || !state.newest.isBefore(state.prunedAt.plus(PRUNE_EVERY))) {
            Instant cutoff = state.newest.minus(settings.retention());
            store.prune(owner, cutoff, ALL_EVENTS);
            state.runs.removeIf(r -> r.end.isBefore(cutoff));
            state.prunedAt = state.newest;
        }
        store.putBytes(stateKey, RecordCodec.state(state));
    }

    /** The account's counts (see {@link AccountState#counts}) with the new event; distinct IPs are counted in observe. */
    private static void count(Activity e, AccountState.Counts counts) {
        if (counts == null) {
            return;
        }
        if (e.is("BID")) {
            counts.bids++;
            counts.cryptoBids += AccountDetectors.cryptoTagged(e) ? 1 : 0;
        }
        if (e.is("MESSAGE") && AccountDetectors.fromClient(e)) {
            counts.clientMessages++;
        }
    }

    /** PL-06's day tallies (see {@link AccountState#tallies}) with the new event, keeping the days its window may reach. */
    private void tally(Activity e, AccountState state, Thresholds t) {
        AccountState.Tallies tallies = state.tallies;
        if (tallies == null) {
            return;
        }
        int kind = e.is("BID") ? 0 : e.is("BID_ACCEPTED") ? 1 : e.is("LOGIN") ? 2 : -1;
        if (kind >= 0) {
            tallies.add(e.at(), kind);
        }
        // an accepted event is at most the lateness older than the newest, and its window reaches one window back
        tallies.dropBefore(AccountState.Tallies.day(state.newest.minus(t.bidWindow()).minus(settings.lateness())));
    }

    /**
     * Whether the account's bidding window ending at {@code e} may show PL-06, by its day tallies: at most the bids
     * tallied on the window's days, at least the acceptances and logins of the days wholly inside it (the first day
     * is cut by the window; the last too, unless {@code e} is the account's newest event, when nothing tallied is
     * later). Unknown tallies, or a window reaching before them, may.
     */
    private boolean mayShowBiddingPattern(AccountState state, Activity e, Thresholds t) {
        AccountState.Tallies tallies = state.tallies;
        long first = AccountState.Tallies.day(e.at().minus(t.bidWindow()));
        if (!shortcuts || tallies == null || first < tallies.since) {
            return true;
        }
        long last = AccountState.Tallies.day(e.at());
        boolean newest = !e.at().isBefore(state.newest);
        long bidsAtMost = 0;
        long acceptedAtLeast = 0;
        long loginsAtLeast = 0;
        for (Map.Entry<Long, int[]> d : tallies.days.subMap(first, true, last, true).entrySet()) {
            bidsAtMost += d.getValue()[0];
            if (d.getKey() > first && (d.getKey() < last || newest)) {
                acceptedAtLeast += d.getValue()[1];
                loginsAtLeast += d.getValue()[2];
            }
        }
        // AccountDetectors.biddingPattern's two rules, each with the bounds that favour it
        boolean lowAcceptance = bidsAtMost >= t.bids() && acceptedAtLeast <= t.minAcceptance() * bidsAtMost;
        boolean perLogin = bidsAtMost >= t.bidsPerLogin() && bidsAtMost >= (double) t.bidsPerLogin() * Math.max(1, loginsAtLeast);
        return lowAcceptance || perLogin;
    }

    /** Whether the account may have reached {@code needed} of what {@code count} counts (unknown counts may have). */
    private boolean mayReach(AccountState state, java.util.function.ToLongFunction<AccountState.Counts> count, double needed) {
        return !shortcuts || state.counts == null || count.applyAsLong(state.counts) + 1e-9 >= needed;
    }

    private GeoLocator geo() {
        return ip;
    }

    static String kind(Activity e) {
        return switch (e.type()) {
            case "LOGIN" -> LOGINS;
            case "BID", "BID_ACCEPTED" -> BIDS;
            case "MESSAGE" -> MESSAGES;
            default -> OTHER;
        };
    }

    /** New identifiers of the account: each becomes one observation, the first time the account shows it. */
    private void observe(String tenant, String owner, Activity e, AccountState.Counts counts, List<StreamMessages.Message> out) {
        List<Sighting> sightings = new ArrayList<>();
        String origin = "event:" + e.eventId();
        if (e.workerId() != null && store.mark(owner, IDENTIFIERS, "W" + e.workerId(), "")) {
            sightings.add(new Sighting(e.workerId(), e.accountId(), "PLATFORM_ACCOUNT", e.accountId(), "account:" + e.accountId()));
        }
        if (e.device() != null && store.mark(owner, IDENTIFIERS, "D" + e.device(), "")) {
            sightings.add(new Sighting(e.workerId(), e.accountId(), "DEVICE", e.device(), origin));
        }
        if (e.ip() != null) {
            if (store.mark(owner, IDENTIFIERS, "P" + e.ip(), "")) {
                sightings.add(new Sighting(e.workerId(), e.accountId(), "IP", e.ip(), origin));
                if (counts != null) {
                    counts.ips++;
                }
            }
            if (e.is("LOGIN")) {
                // where the login came from, when a City database is loaded (the aggregator compares it: ID-03)
                ip.locate(e.ip()).map(GeoLocator.Place::country).filter(c -> c != null && c.matches("[A-Z]{2}"))
                        .filter(c -> store.mark(owner, IDENTIFIERS, "C" + c, ""))
                        .ifPresent(c -> sightings.add(new Sighting(e.workerId(), e.accountId(), "LOGIN_COUNTRY", c, origin)));
            }
        }
        if (e.is("ACCOUNT_CREATED")) {
            Optional.ofNullable(e.text("declaredCountry")).map(c -> c.toUpperCase(Locale.ROOT)).filter(c -> c.matches("[A-Z]{2}"))
                    .ifPresent(c -> sightings.add(new Sighting(e.workerId(), e.accountId(), "DECLARED_COUNTRY", c, origin)));
            Optional.ofNullable(e.text("declaredTimezone"))
                    .ifPresent(z -> sightings.add(new Sighting(e.workerId(), e.accountId(), "DECLARED_TIMEZONE", z, origin)));
        }
        if (e.is("REFERRAL")) {
            // the event's account was recommended by referrerAccountId: the aggregator links the two (NW-02)
            Optional.ofNullable(e.text("referrerAccountId")).filter(a -> a.matches("[A-Za-z0-9._:@-]{1,100}"))
                    .filter(a -> !a.equals(e.accountId()))
                    .ifPresent(a -> sightings.add(new Sighting(e.workerId(), e.accountId(), "REFERRAL", a, origin)));
        }
        for (Sighting s : sightings) {
            out.add(StreamMessages.observation(tenant, e.at(), s));
        }
    }

    private void inspect(String owner, Activity e, AccountState state, Thresholds t, AccountDetectors detect,
                         List<Finding> findings) {
        // the single-event rows
        requests.inspect(e).ifPresent(findings::add);
        detect.remoteAccess(e).ifPresent(findings::add);
        detect.report(e).ifPresent(findings::add);
        if (e.ip() != null) {
            IpIntelligence.Network network = ip.classify(e.ip());
            anonymising.inspect(e, new AnonymisingNetwork.Verdict(network.types().stream().map(Enum::name)
                    .collect(Collectors.toSet()), network.asn(), network.asOrganisation(), network.sources()))
                    .ifPresent(findings::add);
        }
        // a detector is given the account's events only if the account's counts say it may find something: an
        // account that has shown one IP cannot have many in a window, nor travel between two
        if (e.is("LOGIN") && e.ip() != null && mayReach(state, c -> c.ips, t.ipsPerAccount())) {
            List<Activity> hour = store.between(owner, e.at().minus(t.ipWindow()), e.at().plus(t.ipWindow()), LOGINS);
            detect.manyIps(hour, e).filter(f -> fresh(state, f, e, t.ipWindow(), listSize(f, "ips")))
                    .ifPresent(findings::add);
        }
        if (e.is("LOGIN") && e.ip() != null && mayReach(state, c -> c.ips, 2)) {
            List<Activity> around = new ArrayList<>();
            store.before(owner, e, LOGINS).ifPresent(around::add);
            around.add(e);
            store.after(owner, e, LOGINS).ifPresent(around::add);
            detect.impossibleTravel(around, e).ifPresent(findings::add);
        }
        continuousActivity(owner, e, state, t, detect).ifPresent(findings::add);
        if (e.is("BID", "BID_ACCEPTED", "LOGIN") && mayReach(state, c -> c.bids, Math.max(1, Math.min(t.bids(), t.bidsPerLogin())))
                && mayShowBiddingPattern(state, e, t)
                && !state.alreadyReported("PL-06:bidding-pattern", e.at(), t.bidWindow(), Integer.MAX_VALUE)) {
            List<Activity> month = store.between(owner, e.at().minus(t.bidWindow()), e.at(), LOGINS, BIDS);
            detect.biddingPattern(month, e).filter(f -> fresh(state, f, e, t.bidWindow(), Integer.MAX_VALUE))
                    .ifPresent(findings::add);
        }
        if (e.is("OWNERSHIP_CHANGE")) {
            List<Activity> pair = new ArrayList<>();
            store.before(owner, e, ALL_EVENTS).ifPresent(pair::add);
            pair.add(e);
            detect.ownershipChange(pair, e).ifPresent(findings::add);
        }
        offHours(owner, e, state, t, detect).ifPresent(findings::add);
        if (e.is("BID", "BID_ACCEPTED") && (state.firstBid == null || e.at().isBefore(state.firstBid.at()))) {
            state.firstBid = e;
        }
        if (e.is("ACCOUNT_VERIFIED") && (state.verified == null || e.at().isBefore(state.verified.at()))) {
            state.verified = e;
        }
        beforeVerification(e, state, detect).ifPresent(findings::add);
        if (e.is("MESSAGE") && !state.reported.containsKey("PL-17") && mayReach(state, c -> c.clientMessages, t.replyMessages())) {
            List<Activity> messages = store.between(owner, Instant.EPOCH, e.at(), MESSAGES);
            detect.slowReplies(messages, e).ifPresent(f -> {
                state.report("PL-17", e.at(), 1);
                findings.add(f);
            });
        }
        if (e.is("BID") && !state.reported.containsKey("PL-18") && mayReach(state, c -> c.bids, t.cryptoBids())
                && mayReach(state, c -> c.cryptoBids, t.cryptoShare() * t.cryptoBids())) {
            List<Activity> bids = store.between(owner, Instant.EPOCH, e.at(), BIDS);
            detect.cryptoProjects(bids, e).ifPresent(f -> {
                state.report("PL-18", e.at(), 1);
                findings.add(f);
            });
        }
    }

    /**
     * PL-13 is decided only once later events cannot change it (an out-of-order verification dated before the first
     * bid would): when the verification arrives after bids, or when the account's events have passed the first bid
     * by the allowed lateness.
     */
    private Optional<Finding> beforeVerification(Activity e, AccountState state, AccountDetectors detect) {
        if (state.firstBid == null || state.reported.containsKey("PL-13")) {
            return Optional.empty();
        }
        boolean settled = !state.newest.isBefore(state.firstBid.at().plus(settings.lateness()));
        if (!settled && !e.is("ACCOUNT_VERIFIED")) {
            return Optional.empty();
        }
        List<Activity> lifecycle = new ArrayList<>();
        Optional.ofNullable(state.verified).ifPresent(lifecycle::add);
        lifecycle.add(state.firstBid);
        lifecycle.sort(Comparator.comparing(Activity::at));
        Optional<Finding> finding = detect.beforeVerification(lifecycle, state.firstBid);
        if (finding.isPresent() || settled) {
            state.report("PL-13", e.at(), 1);
        }
        return finding;
    }

    /** A sliding-window detection is reported once per window unless it grew (more IPs, accounts, bids). */
    private static boolean fresh(AccountState state, Finding f, Activity e, Duration window, int size) {
        if (state.alreadyReported(f.code() + ":" + f.detector(), e.at(), window, size)) {
            return false;
        }
        state.report(f.code() + ":" + f.detector(), e.at(), size);
        return true;
    }

    static int listSize(Finding f, String field) {
        return f.evidence().get(field) instanceof List<?> l ? l.size() : 1;
    }

    /**
     * PL-03 from the account's runs of activity: the event joins (and may merge) the runs it is within
     * {@code activityGap} of; a run that spans {@code continuousActivity} is reported once per first event.
     */
    private Optional<Finding> continuousActivity(String owner, Activity e, AccountState state, Thresholds t,
                                                 AccountDetectors detect) {
        AccountState.Run merged = new AccountState.Run();
        merged.start = e.at();
        merged.startId = e.eventId();
        merged.end = e.at();
        merged.events = 1;
        List<AccountState.Run> kept = new ArrayList<>();
        for (AccountState.Run r : state.runs) {
            boolean touches = !detect.breaksRun(r.end, e.at()) && !detect.breaksRun(e.at(), r.start);
            if (!touches) {
                kept.add(r);
                continue;
            }
            if (r.start.isBefore(merged.start) || r.start.equals(merged.start) && r.startId.compareTo(merged.startId) < 0) {
                merged.start = r.start;
                merged.startId = r.startId;
            }
            merged.end = r.end.isAfter(merged.end) ? r.end : merged.end;
            merged.events += r.events;
            if (r.reportedStartId != null) {
                merged.reportedStartId = r.reportedStartId;
            }
        }
        kept.add(merged);
        kept.sort(Comparator.comparing(r -> r.start));
        state.runs = kept;
        if (Duration.between(merged.start, merged.end).compareTo(t.continuousActivity()) < 0
                || merged.startId.equals(merged.reportedStartId)) {
            return Optional.empty();
        }
        Optional<Activity> reached = store.firstFrom(owner, merged.start.plus(t.continuousActivity()), ALL_EVENTS);
        Optional<Activity> first = firstOfRun(owner, merged);
        if (reached.isEmpty() || first.isEmpty()) {
            return Optional.empty();
        }
        merged.reportedStartId = merged.startId;
        return Optional.of(detect.continuousRun(first.get(), reached.get(), merged.events, e.accountId()));
    }

    private Optional<Activity> firstOfRun(String owner, AccountState.Run run) {
        return store.between(owner, run.start, run.start, ALL_EVENTS).stream()
                .filter(a -> a.eventId().equals(run.startId)).findFirst();
    }

    /** PL-10 from running counts; recounted from the stored events when the declared zone arrives. */
    private Optional<Finding> offHours(String owner, Activity e, AccountState state, Thresholds t, AccountDetectors detect) {
        if (e.is("ACCOUNT_CREATED") && (state.created == null || e.at().isBefore(state.created.at()))) {
            state.created = e;
            state.active = 0;
            state.outside = 0;
            AccountDetectors.WorkingHours.declared(e).ifPresent(hours -> {
                for (Activity a : store.between(owner, Instant.EPOCH, state.newest, ALL_EVENTS)) {
                    if (AccountDetectors.counts(a)) {
                        state.active++;
                        state.outside += hours.outside(a.at(), t.dayStart(), t.dayEnd()) ? 1 : 0;
                    }
                }
            });
        } else if (state.created != null && AccountDetectors.counts(e)) {
            var hours = AccountDetectors.WorkingHours.declared(state.created);
            if (hours.isPresent()) {
                state.active++;
                state.outside += hours.get().outside(e.at(), t.dayStart(), t.dayEnd()) ? 1 : 0;
            }
        }
        if (state.created == null) {
            return Optional.empty();
        }
        return detect.offHours(state.created, state.active, state.outside, e.accountId())
                .filter(f -> !state.reported.containsKey("PL-10:" + f.evidence().get("timezone")))
                .map(f -> {
                    state.report("PL-10:" + f.evidence().get("timezone"), e.at(), 1);
                    return f;
                });
    }

    /** Events that other accounts may share a thing with go on to that thing's stage, keyed by it. */
    private void fanOut(String tenant, Activity e, long timestamp) {
        if (e.is("LOGIN") && e.ip() != null) {
            forward(StoreKeys.owner(tenant, e.ip()), Flow.fan(tenant, e, Flow.Fan.IP), timestamp);
        }
        if (e.device() != null) {
            forward(StoreKeys.owner(tenant, e.device()), Flow.fan(tenant, e, Flow.Fan.DEVICE), timestamp);
        }
        if (e.is("RATING") && e.text("clientId") != null) {
            forward(StoreKeys.owner(tenant, e.text("clientId")), Flow.fan(tenant, e, Flow.Fan.CLIENT), timestamp);
        }
        if (e.is("PROFILE_TEXT", "BID") && e.text("text") != null) {
            int[] signature = TextSimilarity.signature(e.text("text"));
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

    private void forward(String key, Flow flow, long timestamp) {
        context.forward(new Record<>(key, flow, timestamp, new RecordHeaders()));
    }
}
