package dev.firebreak.platform.detect;

import dev.firebreak.platform.event.EventType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link AccountDetectors} reads an account's history only when the account's counts and day tallies say a detector
 * may find something (PL-01 with fewer than five IPs, PL-06 with too few bids or a month that cannot show the
 * pattern, PL-17 with few client messages, PL-18 with few crypto bids). Random accounts (shared IPs, bursts of bids,
 * slow and quick replies, events arriving out of order within the lateness, over two months so that the day tallies
 * drop days) must get the same detections as the windowed rules run on every event's whole history.
 */
class AccountDetectorsAgreementTest {

    private static final Instant T0 = Instant.parse("2026-09-01T08:00:00Z");
    private static final Duration LATENESS = Duration.ofHours(6);
    private static final Map<String, GeoLocator.Place> PLACES = Map.of(
            "198.51.100.1", new GeoLocator.Place(51.5072, -0.1276, 20, "GB"),
            "198.51.100.2", new GeoLocator.Place(40.7128, -74.0060, 20, "US"),
            "198.51.100.3", new GeoLocator.Place(51.4545, -2.5879, 20, "GB"));
    private static final GeoLocator GEO = ip -> Optional.ofNullable(PLACES.get(ip));
    private static final List<String> CODES = List.of("PL-01", "PL-06", "PL-17", "PL-18");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void theDetectorsFindWhatTheRulesFindOnTheWholeHistory(long seed) {
        Thresholds t = Thresholds.defaults();
        List<Activity> arrivals = account(new Random(seed));
        AccountDetectors detectors = new AccountDetectors(t, LATENESS, GEO, AnonymisingNetwork.Lookup.NONE);
        InMemoryAccountHistory history = new InMemoryAccountHistory();
        List<String> production = new ArrayList<>();
        for (Activity e : arrivals) {
            history.inspect(detectors, e).stream().filter(f -> CODES.contains(f.code())).map(AccountDetectorsAgreementTest::id)
                    .forEach(production::add);
        }
        List<String> reference = reference(t, arrivals);
        assertEquals(reference, production, "seed " + seed);
        assertFalse(reference.isEmpty(), "seed " + seed + " shows something to agree on");
    }

    /**
     * PL-03 (issue 30): the runs kept event by event, merged by late events and split by late logouts, report what
     * {@link AccountRules#runs} on each arrival's whole history reports, once per run's first event.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void theRunsFindWhatTheRunsOfTheWholeHistoryFind(long seed) {
        Thresholds t = Thresholds.defaults();
        List<Activity> arrivals = sessions(new Random(seed));
        AccountDetectors detectors = new AccountDetectors(t, LATENESS, GEO, AnonymisingNetwork.Lookup.NONE);
        InMemoryAccountHistory history = new InMemoryAccountHistory();
        AccountRules rules = new AccountRules(t, GEO);
        List<Activity> seen = new ArrayList<>();
        java.util.Set<String> reportedStarts = new java.util.HashSet<>();
        List<String> production = new ArrayList<>();
        List<String> reference = new ArrayList<>();
        for (Activity e : arrivals) {
            history.inspect(detectors, e).stream().filter(f -> f.code().equals("PL-03"))
                    .map(AccountDetectorsAgreementTest::id).sorted().forEach(production::add);
            seen.add(e);
            seen.sort(Comparator.comparing(Activity::at).thenComparing(Activity::eventId));
            List<String> now = new ArrayList<>();
            for (AccountState.Run run : rules.runs(seen)) {
                if (Duration.between(run.start, run.end).compareTo(t.continuousActivity()) < 0
                        || !reportedStarts.add(run.startId)) {
                    continue;
                }
                Activity first = seen.stream().filter(a -> a.eventId().equals(run.startId)).findFirst().orElseThrow();
                Activity reached = seen.stream().filter(a -> AccountRules.present(a)
                        && !a.at().isBefore(run.start.plus(t.continuousActivity())) && !a.at().isAfter(run.end))
                        .findFirst().orElseThrow();
                now.add(id(rules.continuousRun(first, reached, run.events, "acct")));
            }
            now.stream().sorted().forEach(reference::add);
        }
        assertEquals(reference, production, "seed " + seed);
        assertFalse(reference.isEmpty(), "seed " + seed + " shows something to agree on");
    }

    /**
     * Sessions over three weeks: a login, the holder's heartbeats, bids and messages mostly minutes apart (now and
     * then a longer pause), some sessions kept through the night and beyond, most ended by a logout; clients'
     * messages and port checks at any hour; arriving out of order within the lateness, logouts included.
     */
    private static List<Activity> sessions(Random random) {
        List<Activity> events = new ArrayList<>();
        Instant at = T0;
        int n = 0;
        for (int session = 0; session < 40; session++) {
            at = at.plus(Duration.ofMinutes(random.nextInt(4) == 0 ? 5 + random.nextInt(40) : 60 + random.nextInt(600)));
            events.add(new Activity("e-" + n++, EventType.LOGIN, "acct", null, at, "198.51.100.1", null, Map.of()));
            long minutes = random.nextInt(2) == 0 ? 20 * 60 + random.nextInt(15 * 60) : 30 + random.nextInt(10 * 60);
            Instant end = at.plus(Duration.ofMinutes(minutes));
            while (at.isBefore(end)) {
                at = at.plus(Duration.ofMinutes(random.nextInt(300) == 0 ? 31 + random.nextInt(30) : 1 + random.nextInt(12)));
                int kind = random.nextInt(10);
                EventType type = kind < 6 ? EventType.HEARTBEAT : kind < 7 ? EventType.BID : kind < 9 ? EventType.MESSAGE
                        : EventType.PORT_CHECK;
                Map<String, Object> fields = type == EventType.MESSAGE
                        ? Map.of("direction", random.nextBoolean() ? "FROM_CLIENT" : "TO_CLIENT") : Map.of();
                events.add(new Activity("e-" + n++, type, "acct", null, at, null, null, fields));
            }
            if (random.nextInt(4) != 0) {
                at = at.plus(Duration.ofMinutes(random.nextInt(20)));
                events.add(new Activity("e-" + n++, EventType.LOGOUT, "acct", null, at, null, null, Map.of()));
            }
            // clients write while the holder is away
            for (int m = random.nextInt(6); m > 0; m--) {
                events.add(new Activity("e-" + n++, EventType.MESSAGE, "acct", null,
                        at.plus(Duration.ofMinutes(5 + random.nextInt(600))), null, null, Map.of("direction", "FROM_CLIENT")));
            }
        }
        events.sort(Comparator.comparing(Activity::at).thenComparing(Activity::eventId));
        return arrivals(events, random, 5, 40);
    }

    /** The rules on each event's whole history, with the same once-per-window reporting and nothing skipped. */
    private static List<String> reference(Thresholds t, List<Activity> arrivals) {
        AccountRules rules = new AccountRules(t, GEO);
        AccountState reported = new AccountState();
        List<Activity> seen = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Activity e : arrivals) {
            seen.add(e);
            seen.sort(Comparator.comparing(Activity::at).thenComparing(Activity::eventId));
            List<Activity> logins = seen.stream().filter(a -> a.is(EventType.LOGIN)).toList();
            List<Finding> findings = new ArrayList<>();
            if (e.is(EventType.LOGIN) && e.ip() != null) {
                rules.manyIps(logins, e).filter(f -> fresh(reported, f, e, t.ipWindow(),
                        ((List<?>) f.evidence().get("ips")).size())).ifPresent(findings::add);
                rules.impossibleTravel(logins, e).ifPresent(findings::add);
            }
            if (!reported.alreadyReported("PL-06:bidding-pattern", e.at(), t.bidWindow(), Integer.MAX_VALUE)) {
                List<Activity> loginsAndBids = seen.stream().filter(a -> a.is(EventType.LOGIN, EventType.BID, EventType.BID_ACCEPTED)).toList();
                rules.biddingPattern(loginsAndBids, e).filter(f -> fresh(reported, f, e, t.bidWindow(), Integer.MAX_VALUE))
                        .ifPresent(findings::add);
            }
            if (e.is(EventType.MESSAGE) && due(t, reported, "PL-17", e)) {
                rules.slowReplies(seen.stream().filter(a -> a.is(EventType.MESSAGE) && after(reported, "PL-17", a)).toList(), e)
                        .map(f -> again(reported, "PL-17", f)).ifPresent(f -> {
                    reported.report("PL-17", e.at(), 1);
                    findings.add(f);
                });
            }
            if (e.is(EventType.BID) && due(t, reported, "PL-18", e)) {
                rules.cryptoProjects(seen.stream().filter(a -> a.is(EventType.BID, EventType.BID_ACCEPTED)
                        && after(reported, "PL-18", a)).toList(), e).map(f -> again(reported, "PL-18", f)).ifPresent(f -> {
                    reported.report("PL-18", e.at(), 1);
                    findings.add(f);
                });
            }
            findings.stream().map(AccountDetectorsAgreementTest::id).forEach(found::add);
        }
        return found;
    }

    /** Never reported, or last reported {@code reportAgainAfter} or more before the event. */
    private static boolean due(Thresholds t, AccountState state, String code, Activity e) {
        AccountState.Report last = state.reported.get(code);
        return last == null || !e.at().isBefore(last.at.plus(t.reportAgainAfter()));
    }

    /** A finding judged again carries the last report's time among its ids (a new signal). */
    private static Finding again(AccountState state, String code, Finding f) {
        AccountState.Report last = state.reported.get(code);
        if (last == null) {
            return f;
        }
        List<String> ids = new ArrayList<>(f.triggeringIds());
        ids.add("again-after:" + last.at);
        return new Finding(f.code(), f.detector(), f.confidence(), f.evidence(), ids, f.accounts());
    }

    /** After the code's last report (every event if never reported). */
    private static boolean after(AccountState state, String code, Activity a) {
        AccountState.Report last = state.reported.get(code);
        return last == null || a.at().isAfter(last.at);
    }

    private static boolean fresh(AccountState state, Finding f, Activity e, Duration window, int size) {
        if (state.alreadyReported(f.code() + ":" + f.detector(), e.at(), window, size)) {
            return false;
        }
        state.report(f.code() + ":" + f.detector(), e.at(), size);
        return true;
    }

    private static String id(Finding f) {
        return f.code() + " " + f.detector() + " " + f.triggeringIds();
    }

    /**
     * One account's events over two months, arriving out of order within the lateness: logins from a few IPs (some
     * located), bids in bursts (some on crypto projects, a few accepted), client messages answered quickly or a day
     * later, heartbeats.
     */
    private static List<Activity> account(Random random) {
        List<Activity> events = new ArrayList<>();
        String[] ips = {"198.51.100.1", "198.51.100.2", "198.51.100.3", "203.0.113.4", "203.0.113.5", "203.0.113.6", "203.0.113.7"};
        Instant at = T0;
        boolean bidder = random.nextBoolean();
        // per thousand events: logins (a bot bidding many times a login logs in rarely), then bids
        int logins = new int[] {8, 40, 90, 300}[random.nextInt(4)];
        int bids = logins + (bidder ? 500 : 200);
        for (int i = 0; i < 700; i++) {
            at = at.plus(Duration.ofMinutes(1 + random.nextInt(bidder ? 150 : 200)));
            int kind = random.nextInt(1000);
            EventType type;
            String ip = null;
            Map<String, Object> fields = Map.of();
            if (kind < logins) {
                type = EventType.LOGIN;
                ip = ips[random.nextInt(random.nextInt(4) == 0 ? ips.length : 2)];
            } else if (kind < bids) {
                type = random.nextInt(bidder ? 40 : 8) == 0 ? EventType.BID_ACCEPTED : EventType.BID;
                fields = Map.of("tags", random.nextInt(3) == 0 ? List.of("web3") : List.of("java"));
            } else if (kind < 900) {
                type = EventType.MESSAGE;
                fields = Map.of("direction", random.nextBoolean() ? "FROM_CLIENT" : "TO_CLIENT");
            } else {
                type = EventType.HEARTBEAT;
            }
            events.add(new Activity("e-" + i, type, "acct", null, at, ip, null, fields));
        }
        return arrivals(events, random, 6, 3);
    }

    /**
     * The events in the order they arrive: one in {@code oneIn} overtakes up to {@code back} of those before it, never
     * by more than the lateness.
     */
    private static List<Activity> arrivals(List<Activity> events, Random random, int oneIn, int back) {
        List<Activity> arrivals = new ArrayList<>(events);
        for (int i = 1; i < arrivals.size(); i++) {
            if (random.nextInt(oneIn) == 0) {
                int to = Math.max(0, i - 1 - random.nextInt(back));
                Activity moved = arrivals.get(i);
                boolean withinLateness = arrivals.subList(to, i).stream()
                        .allMatch(a -> !a.at().isBefore(moved.at().minus(LATENESS)));
                if (withinLateness) {
                    arrivals.add(to, arrivals.remove(i));
                }
            }
        }
        return arrivals;
    }
}
