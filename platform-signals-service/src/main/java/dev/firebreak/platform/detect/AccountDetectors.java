package dev.firebreak.platform.detect;

import dev.firebreak.platform.event.EventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

import static dev.firebreak.platform.detect.EventGroup.ALL;
import static dev.firebreak.platform.detect.EventGroup.BIDS;
import static dev.firebreak.platform.detect.EventGroup.LOGINS;
import static dev.firebreak.platform.detect.EventGroup.MESSAGES;

/**
 * Every detector of one account's own activity, run on each new event of the account: the single-event rows (PL-08,
 * PL-09, PL-12, PL-14, PL-15, PL-16), the windows of {@link AccountRules} (PL-01, PL-06, PL-07, PL-17, PL-18), and
 * PL-03, PL-10 and PL-13 from what is kept in the {@link AccountState} (runs of activity, counts of off-hours events,
 * the first bid and the verification). The topology's account stage and the unit tests call the same
 * {@link #inspect}; only the {@link AccountHistory} behind it differs.
 *
 * <p>A detector reads the account's history only when the account's counts say it may find something (an account
 * that has shown one IP cannot have five in an hour, nor travel between two): each count is at least what any window
 * holds, so a detector not run could not have found anything. {@code AccountDetectorsAgreementTest} holds this
 * against the rules run on every event's whole history.
 */
public final class AccountDetectors {

    private final Thresholds t;
    private final Duration lateness;
    private final AccountRules rules;
    private final AnonymisingNetwork.Lookup networks;
    private final AnonymisingNetwork anonymising = new AnonymisingNetwork();
    private final OffPlatformRequests requests = new OffPlatformRequests();

    /**
     * @param lateness how far behind an account's newest event another may still arrive (PL-06's tallies keep the
     *                 days it may reach; PL-13 waits that long after the first bid for an earlier verification)
     */
    public AccountDetectors(Thresholds thresholds, Duration lateness, GeoLocator geo, AnonymisingNetwork.Lookup networks) {
        this.t = thresholds;
        this.lateness = lateness;
        this.rules = new AccountRules(thresholds, geo);
        this.networks = networks;
    }

    /**
     * What the new event {@code e} completes, given the account's history (which holds {@code e}, placed in event
     * time). Updates the history's {@link AccountState}; the caller stores it.
     */
    public List<Finding> inspect(AccountHistory history, Activity e) {
        AccountState state = history.state();
        count(e, state.counts);
        tally(e, state);
        List<Finding> findings = new ArrayList<>();
        // the single-event rows
        requests.inspect(e).ifPresent(findings::add);
        rules.remoteAccess(e).ifPresent(findings::add);
        rules.report(e).ifPresent(findings::add);
        if (e.ip() != null) {
            anonymising.inspect(e, networks.verdict(e.ip())).ifPresent(findings::add);
        }
        // the windows, each read only when the account's counts allow a finding
        if (e.is(EventType.LOGIN) && e.ip() != null && mayReach(state, c -> c.ips, t.ipsPerAccount())) {
            List<Activity> hour = history.between(e.at().minus(t.ipWindow()), e.at().plus(t.ipWindow()), LOGINS);
            rules.manyIps(hour, e).filter(f -> fresh(state, f, e, t.ipWindow(), listSize(f, "ips"))).ifPresent(findings::add);
        }
        if (e.is(EventType.LOGIN) && e.ip() != null && mayReach(state, c -> c.ips, 2)) {
            List<Activity> around = new ArrayList<>();
            history.before(e, LOGINS).ifPresent(around::add);
            around.add(e);
            history.after(e, LOGINS).ifPresent(around::add);
            rules.impossibleTravel(around, e).ifPresent(findings::add);
        }
        findings.addAll(continuousActivity(history, e));
        if (e.is(EventType.BID, EventType.BID_ACCEPTED, EventType.LOGIN)
                && mayReach(state, c -> c.bids, Math.max(1, Math.min(t.bids(), t.bidsPerLogin())))
                && mayShowBiddingPattern(state, e)
                && !state.alreadyReported("PL-06:bidding-pattern", e.at(), t.bidWindow(), Integer.MAX_VALUE)) {
            List<Activity> month = history.between(e.at().minus(t.bidWindow()), e.at(), LOGINS, BIDS);
            rules.biddingPattern(month, e).filter(f -> fresh(state, f, e, t.bidWindow(), Integer.MAX_VALUE))
                    .ifPresent(findings::add);
        }
        if (e.is(EventType.OWNERSHIP_CHANGE)) {
            List<Activity> pair = new ArrayList<>();
            history.before(e, ALL).ifPresent(pair::add);
            pair.add(e);
            rules.ownershipChange(pair, e).ifPresent(findings::add);
        }
        offHours(history, e).ifPresent(findings::add);
        if (e.is(EventType.BID, EventType.BID_ACCEPTED) && (state.firstBid == null || e.at().isBefore(state.firstBid.at()))) {
            state.firstBid = e;
        }
        if (e.is(EventType.ACCOUNT_VERIFIED) && (state.verified == null || e.at().isBefore(state.verified.at()))) {
            state.verified = e;
        }
        beforeVerification(e, state).ifPresent(findings::add);
        if (e.is(EventType.MESSAGE) && due(state, "PL-17", e) && mayReach(state, c -> c.clientMessages, t.replyMessages())) {
            rules.slowReplies(since(state, "PL-17", history.between(since(state, "PL-17"), e.at(), MESSAGES)), e)
                    .map(f -> again(f, state, "PL-17")).ifPresent(f -> {
                        state.report("PL-17", e.at(), 1);
                        findings.add(f);
                    });
        }
        if (e.is(EventType.BID) && due(state, "PL-18", e) && mayReach(state, c -> c.bids, t.cryptoBids())
                && mayReach(state, c -> c.cryptoBids, t.cryptoShare() * t.cryptoBids())) {
            rules.cryptoProjects(since(state, "PL-18", history.between(since(state, "PL-18"), e.at(), BIDS)), e)
                    .map(f -> again(f, state, "PL-18")).ifPresent(f -> {
                        state.report("PL-18", e.at(), 1);
                        findings.add(f);
                    });
        }
        return findings;
    }

    /**
     * Whether a code judged on the whole history and reported once (PL-10, PL-17, PL-18) is to be judged: never
     * reported, or last reported {@code reportAgainAfter} or more before the event (then on the events since).
     */
    private boolean due(AccountState state, String key, Activity e) {
        AccountState.Report last = state.reported.get(key);
        return last == null || !e.at().isBefore(last.at.plus(t.reportAgainAfter()));
    }

    /** Where a code's judgement starts: the beginning, or its last report (its events are judged no more). */
    private static Instant since(AccountState state, String key) {
        AccountState.Report last = state.reported.get(key);
        return last == null ? Instant.EPOCH : last.at;
    }

    /** The events after the code's last report (all of them if it was never reported). */
    private static List<Activity> since(AccountState state, String key, List<Activity> events) {
        AccountState.Report last = state.reported.get(key);
        return last == null ? events : events.stream().filter(a -> a.at().isAfter(last.at)).toList();
    }

    /**
     * A code judged again: the same finding, saying since when, and with the last report's time among its ids so
     * that its signal is a new one (PL-10's ids would otherwise be the first report's).
     */
    private static Finding again(Finding f, AccountState state, String key) {
        AccountState.Report last = state.reported.get(key);
        if (last == null) {
            return f;
        }
        Map<String, Object> evidence = new java.util.LinkedHashMap<>(f.evidence());
        evidence.put("since", last.at.toString());
        evidence.put("explanation", f.evidence().get("explanation") + ", on the events since the last report ("
                + last.at + "): the behaviour goes on");
        List<String> ids = new ArrayList<>(f.triggeringIds());
        ids.add("again-after:" + last.at);
        return new Finding(f.code(), f.detector(), f.confidence(), evidence, ids, f.accounts());
    }

    /** The account's counts (see {@link AccountState#counts}) with the new event (its IPs are the history's). */
    private static void count(Activity e, AccountState.Counts counts) {
        if (e.is(EventType.BID)) {
            counts.bids++;
            counts.cryptoBids += AccountRules.cryptoTagged(e) ? 1 : 0;
        }
        if (e.is(EventType.MESSAGE) && AccountRules.fromClient(e)) {
            counts.clientMessages++;
        }
    }

    /** PL-06's day tallies (see {@link AccountState#tallies}) with the new event, keeping the days its window may reach. */
    private void tally(Activity e, AccountState state) {
        AccountState.Tallies tallies = state.tallies;
        int kind = e.is(EventType.BID) ? AccountState.Tallies.BIDS : e.is(EventType.BID_ACCEPTED) ? AccountState.Tallies.ACCEPTED
                : e.is(EventType.LOGIN) ? AccountState.Tallies.LOGINS : -1;
        if (kind >= 0) {
            tallies.add(e.at(), kind);
        }
        // an accepted event is at most the lateness older than the newest, and its window reaches one window back
        tallies.dropBefore(AccountState.Tallies.day(state.newest.minus(t.bidWindow()).minus(lateness)));
    }

    /** Whether the account may have reached {@code needed} of what {@code count} counts. */
    private static boolean mayReach(AccountState state, ToLongFunction<AccountState.Counts> count, double needed) {
        return count.applyAsLong(state.counts) + 1e-9 >= needed;
    }

    /**
     * Whether the account's bidding window ending at {@code e} may show PL-06, by its day tallies: at most the bids
     * tallied on the window's days, at least the acceptances and logins of the days wholly inside it (the first day
     * is cut by the window; the last too, unless {@code e} is the account's newest event, when nothing tallied is
     * later). A window reaching before the tallies may.
     */
    private boolean mayShowBiddingPattern(AccountState state, Activity e) {
        AccountState.Tallies tallies = state.tallies;
        long first = AccountState.Tallies.day(e.at().minus(t.bidWindow()));
        if (first < tallies.since) {
            return true;
        }
        long last = AccountState.Tallies.day(e.at());
        boolean newest = !e.at().isBefore(state.newest);
        long bidsAtMost = 0;
        long acceptedAtLeast = 0;
        long loginsAtLeast = 0;
        for (Map.Entry<Long, int[]> d : tallies.days.subMap(first, true, last, true).entrySet()) {
            bidsAtMost += d.getValue()[AccountState.Tallies.BIDS];
            if (d.getKey() > first && (d.getKey() < last || newest)) {
                acceptedAtLeast += d.getValue()[AccountState.Tallies.ACCEPTED];
                loginsAtLeast += d.getValue()[AccountState.Tallies.LOGINS];
            }
        }
        // AccountRules.biddingPattern's two rules, each with the bounds that favour it
        boolean lowAcceptance = bidsAtMost >= t.bids() && acceptedAtLeast <= t.minAcceptance() * bidsAtMost;
        boolean perLogin = bidsAtMost >= t.bidsPerLogin() && bidsAtMost >= (double) t.bidsPerLogin() * Math.max(1, loginsAtLeast);
        return lowAcceptance || perLogin;
    }

    /** A sliding-window detection is reported once per window unless it grew (more IPs, accounts, bids). */
    private static boolean fresh(AccountState state, Finding f, Activity e, Duration window, int size) {
        if (state.alreadyReported(f.code() + ":" + f.detector(), e.at(), window, size)) {
            return false;
        }
        state.report(f.code() + ":" + f.detector(), e.at(), size);
        return true;
    }

    private static int listSize(Finding f, String field) {
        return f.evidence().get(field) instanceof List<?> l ? l.size() : 1;
    }

    /**
     * PL-03 from the account's runs of activity ({@link AccountRules#runs} on the whole history is what this keeps
     * up to date): an event of the holder's presence joins (and may merge) the runs it is within {@code activityGap}
     * of, unless a logout stands between them; a logout arriving inside a run splits it there (the part after it is
     * read again from the history). A run that spans {@code continuousActivity} is reported once per first event.
     */
    private List<Finding> continuousActivity(AccountHistory history, Activity e) {
        if (!AccountRules.present(e)) {
            return List.of();
        }
        AccountState state = history.state();
        boolean logout = e.is(EventType.LOGOUT);
        AccountState.Run merged = new AccountState.Run();
        merged.start = e.at();
        merged.startId = e.eventId();
        merged.end = e.at();
        merged.endId = e.eventId();
        merged.events = 1;
        merged.closed = logout;
        List<AccountState.Run> kept = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        for (AccountState.Run r : state.runs) {
            if (!joins(state.runs, r, e)) {
                kept.add(r);
                continue;
            }
            if (AccountRules.order(r.start, r.startId, merged.start, merged.startId) < 0) {
                merged.start = r.start;
                merged.startId = r.startId;
            }
            if (AccountRules.order(r.end, r.endId, merged.end, merged.endId) > 0) {
                merged.end = r.end;
                merged.endId = r.endId;
                merged.closed = r.closed;
            }
            merged.events += r.events;
            if (r.reportedStartId != null) {
                reported.add(r.reportedStartId);
            }
        }
        // a run reported for the merged run's first event stays reported
        merged.reportedStartId = reported.contains(merged.startId) ? merged.startId
                : reported.isEmpty() ? null : reported.getFirst();
        List<AccountState.Run> after = List.of();
        if (logout && AccountRules.order(merged.end, merged.endId, e.at(), e.eventId()) > 0) {
            // the session ended inside what was one run: the events after the logout are runs of their own
            after = rules.runs(history.between(e.at(), merged.end, ALL).stream()
                    .filter(a -> AccountRules.order(a.at(), a.eventId(), e.at(), e.eventId()) > 0).toList());
            merged.events -= after.stream().mapToInt(r -> r.events).sum();
            merged.end = e.at();
            merged.endId = e.eventId();
            merged.closed = true;
        }
        kept.add(merged);
        kept.addAll(after);
        kept.sort(Comparator.comparing((AccountState.Run r) -> r.start).thenComparing(r -> r.startId));
        state.runs = kept;
        List<Finding> found = new ArrayList<>();
        reportRun(history, merged, e.accountId()).ifPresent(found::add);
        for (AccountState.Run r : after) {
            reportRun(history, r, e.accountId()).ifPresent(found::add);
        }
        return found;
    }

    /** Whether an event of presence joins a run: within {@code activityGap} of it, and no logout between them. */
    private boolean joins(List<AccountState.Run> runs, AccountState.Run r, Activity e) {
        if (rules.breaksRun(r.end, e.at()) || rules.breaksRun(e.at(), r.start)) {
            return false;
        }
        if (r.closed && AccountRules.order(e.at(), e.eventId(), r.end, r.endId) > 0) {
            return false; // after the run's logout
        }
        if (AccountRules.order(e.at(), e.eventId(), r.start, r.startId) > 0) {
            return true;
        }
        // before the run: a logout ends an earlier session, not this one; nor does anything with a logout between
        return !e.is(EventType.LOGOUT) && runs.stream().noneMatch(o -> o.closed
                && AccountRules.order(o.end, o.endId, e.at(), e.eventId()) > 0
                && AccountRules.order(o.end, o.endId, r.start, r.startId) < 0);
    }

    /** PL-03 for a run that spans {@code continuousActivity} and was not reported for its first event. */
    private Optional<Finding> reportRun(AccountHistory history, AccountState.Run run, String accountId) {
        if (Duration.between(run.start, run.end).compareTo(t.continuousActivity()) < 0
                || run.startId.equals(run.reportedStartId)) {
            return Optional.empty();
        }
        Optional<Activity> reached = history.between(run.start.plus(t.continuousActivity()), run.end, ALL).stream()
                .filter(AccountRules::present).findFirst();
        Optional<Activity> first = history.between(run.start, run.start, ALL).stream()
                .filter(a -> a.eventId().equals(run.startId)).findFirst();
        if (reached.isEmpty() || first.isEmpty()) {
            return Optional.empty();
        }
        run.reportedStartId = run.startId;
        return Optional.of(rules.continuousRun(first.get(), reached.get(), run.events, accountId));
    }

    /** PL-10 from running counts; recounted from the history when the declared zone arrives. */
    private Optional<Finding> offHours(AccountHistory history, Activity e) {
        AccountState state = history.state();
        if (e.is(EventType.ACCOUNT_CREATED) && (state.created == null || e.at().isBefore(state.created.at()))) {
            state.created = e;
            state.active = 0;
            state.outside = 0;
            AccountRules.WorkingHours.declared(e).ifPresent(hours -> {
                for (Activity a : history.between(Instant.EPOCH, state.newest, ALL)) {
                    if (AccountRules.counts(a)) {
                        state.active++;
                        state.outside += hours.outside(a.at(), t.dayStart(), t.dayEnd()) ? 1 : 0;
                    }
                }
            });
        } else if (state.created != null && AccountRules.counts(e)) {
            Optional<AccountRules.WorkingHours> hours = AccountRules.WorkingHours.declared(state.created);
            if (hours.isPresent()) {
                int outside = hours.get().outside(e.at(), t.dayStart(), t.dayEnd()) ? 1 : 0;
                state.active++;
                state.outside += outside;
                AccountState.Report last = state.reported.get(offHoursKey(hours.get()));
                if (last != null && e.at().isAfter(last.at)) {
                    state.activeSince++;
                    state.outsideSince += outside;
                }
            }
        }
        if (state.created == null) {
            return Optional.empty();
        }
        Optional<AccountRules.WorkingHours> hours = AccountRules.WorkingHours.declared(state.created);
        if (hours.isEmpty()) {
            return Optional.empty();
        }
        String key = offHoursKey(hours.get());
        Optional<Finding> found;
        if (!state.reported.containsKey(key)) {
            found = rules.offHours(state.created, state.active, state.outside, e.accountId());
        } else if (due(state, key, e)) {
            // judged again on the events since the last report
            found = rules.offHours(state.created, state.activeSince, state.outsideSince, e.accountId())
                    .map(f -> again(f, state, key));
        } else {
            found = Optional.empty();
        }
        return found.map(f -> {
            state.report(key, e.at(), 1);
            state.activeSince = 0;
            state.outsideSince = 0;
            return f;
        });
    }

    /** PL-10 is reported once per account and declared zone (then again while it goes on). */
    private String offHoursKey(AccountRules.WorkingHours hours) {
        return "PL-10:" + hours.or(t.dayStart(), t.dayEnd()).zone().getId();
    }

    /**
     * PL-13 is decided only once later events cannot change it (an out-of-order verification dated before the first
     * bid would): when the verification arrives after bids, or when the account's events have passed the first bid
     * by the allowed lateness.
     */
    private Optional<Finding> beforeVerification(Activity e, AccountState state) {
        if (state.firstBid == null || state.reported.containsKey("PL-13")) {
            return Optional.empty();
        }
        boolean settled = !state.newest.isBefore(state.firstBid.at().plus(lateness));
        if (!settled && !e.is(EventType.ACCOUNT_VERIFIED)) {
            return Optional.empty();
        }
        if (state.verified == null && !t.verificationEvents()) {
            // a tenant not known to send verifications: no verification says nothing; one arriving later is read then
            return Optional.empty();
        }
        List<Activity> lifecycle = new ArrayList<>();
        Optional.ofNullable(state.verified).ifPresent(lifecycle::add);
        lifecycle.add(state.firstBid);
        lifecycle.sort(Comparator.comparing(Activity::at));
        Optional<Finding> finding = rules.beforeVerification(lifecycle, state.firstBid);
        if (finding.isPresent() || settled) {
            state.report("PL-13", e.at(), 1);
        }
        return finding;
    }
}
