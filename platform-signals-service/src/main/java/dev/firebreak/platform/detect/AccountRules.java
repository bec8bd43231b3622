package dev.firebreak.platform.detect;

import dev.firebreak.kit.findings.Evidence;
import dev.firebreak.platform.event.EventContract;
import dev.firebreak.platform.event.EventType;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows of RED-FLAGS.md that read one account's own activity, each as a function of the events of the window it
 * needs (event-time order, the new one among them, late ones in their place) and the thresholds: PL-01, PL-06, PL-07,
 * PL-09, PL-14, PL-15, PL-16, PL-17, PL-18, and the findings PL-03, PL-10 and PL-13 report from what
 * {@link AccountDetectors} keeps about the account. {@link AccountDetectors} decides which to run on an event and
 * reads each its window; a detection is identified by the events that make it, chosen canonically (the earliest
 * window that reaches the threshold, the event that reached it), so that re-running it on the same history — a
 * replay, a second instance — yields the same triggering ids.
 */
final class AccountRules {

    private final Thresholds t;
    private final GeoLocator geo;

    AccountRules(Thresholds thresholds, GeoLocator geo) {
        this.t = thresholds;
        this.geo = geo;
    }

    /**
     * PL-01: at least {@code ipsPerAccount} distinct IPs within {@code ipWindow}. The detection is the first event
     * (by time) from e onwards whose trailing window holds that many; its triggering events are each IP's first
     * appearance in that window.
     */
    Optional<Finding> manyIps(List<Activity> history, Activity e) {
        if (e.ip() == null) {
            return Optional.empty();
        }
        for (Activity end : history) {
            if (end.at().isBefore(e.at()) || end.at().isAfter(e.at().plus(t.ipWindow())) || end.ip() == null) {
                continue;
            }
            Map<String, Activity> firstPerIp = new LinkedHashMap<>();
            for (Activity a : history) {
                if (a.ip() != null && !a.at().isAfter(end.at()) && a.at().isAfter(end.at().minus(t.ipWindow()))) {
                    firstPerIp.putIfAbsent(a.ip(), a);
                }
            }
            if (firstPerIp.size() >= t.ipsPerAccount()) {
                List<Activity> first = List.copyOf(firstPerIp.values());
                return Optional.of(new Finding("PL-01", "ip-hopping", 0.7, Evidence.of("kind", "MANY_IPS",
                        "ips", first.stream().map(Activity::ip).toList(),
                        "times", first.stream().map(a -> a.at().toString()).toList(),
                        "window", t.ipWindow().toString(), "threshold", t.ipsPerAccount(),
                        "explanation", firstPerIp.size() + " distinct IPs within " + t.ipWindow().toMinutes()
                                + " min (threshold " + t.ipsPerAccount() + ")"),
                        first.stream().map(Activity::eventId).toList(), List.of(e.accountId())));
            }
        }
        return Optional.empty();
    }

    /** PL-01: consecutive logins (by time) whose geolocations are farther apart than {@code maxTravelKmh} allows. */
    Optional<Finding> impossibleTravel(List<Activity> history, Activity e) {
        if (!e.is(EventType.LOGIN) || e.ip() == null) {
            return Optional.empty();
        }
        List<Activity> logins = history.stream().filter(a -> a.is(EventType.LOGIN) && a.ip() != null).toList();
        int i = indexOf(logins, e);
        for (int[] pair : new int[][] {{i - 1, i}, {i, i + 1}}) {
            if (pair[0] < 0 || pair[1] >= logins.size()) {
                continue;
            }
            Activity from = logins.get(pair[0]);
            Activity to = logins.get(pair[1]);
            Optional<GeoLocator.Place> a = geo.locate(from.ip());
            Optional<GeoLocator.Place> b = geo.locate(to.ip());
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            double km = GeoLocator.distanceKm(a.get(), b.get());
            double hours = Duration.between(from.at(), to.at()).toMillis() / 3_600_000.0;
            // below the locations' own uncertainty two places are "the same": no speed to speak of
            double uncertainty = a.get().accuracyKm() + b.get().accuracyKm();
            if (km <= uncertainty) {
                continue;
            }
            double kmh = hours <= 0 ? Double.POSITIVE_INFINITY : (km - uncertainty) / hours;
            if (kmh > t.maxTravelKmh()) {
                return Optional.of(new Finding("PL-01", "impossible-travel", 0.8, Evidence.of("kind", "IMPOSSIBLE_TRAVEL",
                        "from", Map.of("ip", from.ip(), "at", from.at().toString(), "country", a.get().country()),
                        "to", Map.of("ip", to.ip(), "at", to.at().toString(), "country", b.get().country()),
                        "distanceKm", Math.round(km), "hours", Math.round(hours * 100) / 100.0,
                        "explanation", "logins " + Math.round(km) + " km apart within "
                                + Math.round(hours * 60) + " min (" + (Double.isInfinite(kmh) ? "simultaneous"
                                : Math.round(kmh) + " km/h") + ", more than " + Math.round(t.maxTravelKmh()) + " km/h)"),
                        List.of(from.eventId(), to.eventId()), List.of(e.accountId())));
            }
        }
        return Optional.empty();
    }

    /**
     * PL-03 for a run of activity known to span at least {@code continuousActivity}: its first event, the event at
     * which it reached the span, and how many events it held.
     */
    Finding continuousRun(Activity first, Activity reached, int events, String accountId) {
        Duration span = Duration.between(first.at(), reached.at());
        return new Finding("PL-03", "continuous-activity", 0.75, Evidence.of("kind", "CONTINUOUS_ACTIVITY",
                "from", first.at().toString(), "reached", reached.at().toString(),
                "maxGap", t.activityGap().toString(), "events", events,
                "explanation", "active without a break longer than " + t.activityGap().toMinutes() + " min and "
                        + "without logging out from " + first.at() + " to " + reached.at() + " (" + span.toHours() + " h)"),
                List.of(first.eventId(), reached.eventId()), List.of(accountId));
    }

    /** Whether two events of a run are separated by more than {@code activityGap} (the run breaks there). */
    boolean breaksRun(Instant earlier, Instant later) {
        return Duration.between(earlier, later).compareTo(t.activityGap()) > 0;
    }

    /**
     * Whether an event is the account's holder present (PL-03): a login, a heartbeat, a logout, a bid, a message to a
     * client, a profile text. What the platform or a client sends about the account (a client's message, rating or
     * acceptance, a port check, a report, a verification) says nothing of whether anyone is at the keyboard: a
     * freelancer whose clients write through the night is not active through the night (issue 30).
     */
    static boolean present(Activity a) {
        return a.is(EventType.LOGIN, EventType.HEARTBEAT, EventType.LOGOUT, EventType.BID, EventType.PROFILE_TEXT)
                || a.is(EventType.MESSAGE) && !fromClient(a);
    }

    /** The order of an account's events: by time, then event id. */
    static int order(Instant at, String id, Instant otherAt, String otherId) {
        int c = at.compareTo(otherAt);
        return c != 0 || id == null || otherId == null ? c : id.compareTo(otherId);
    }

    /**
     * The runs of PL-03 in a time-ordered list of the account's events: consecutive events of {@link #present}
     * belong to one run unless more than {@code activityGap} apart or the earlier is a logout (the session ended; a
     * run is activity within sessions, so a shift that logs out and the next that logs in are two runs). The
     * reference the incremental runs of {@link AccountDetectors} must agree with, and how a logout arriving late
     * splits one.
     */
    List<AccountState.Run> runs(List<Activity> ordered) {
        List<AccountState.Run> runs = new ArrayList<>();
        AccountState.Run run = null;
        for (Activity a : ordered) {
            if (!present(a)) {
                continue;
            }
            if (run == null || run.closed || breaksRun(run.end, a.at())) {
                run = new AccountState.Run();
                run.start = a.at();
                run.startId = a.eventId();
                runs.add(run);
            }
            run.end = a.at();
            run.endId = a.eventId();
            run.events++;
            run.closed = a.is(EventType.LOGOUT);
        }
        return runs;
    }

    /**
     * PL-06: in the {@code bidWindow} ending at the event, at least {@code bids} bids with an acceptance rate below
     * {@code minAcceptance}, or at least {@code bidsPerLogin} bids per login.
     */
    Optional<Finding> biddingPattern(List<Activity> history, Activity e) {
        if (!e.is(EventType.BID, EventType.BID_ACCEPTED, EventType.LOGIN)) {
            return Optional.empty();
        }
        List<Activity> window = history.stream().filter(a -> !a.at().isAfter(e.at())
                && a.at().isAfter(e.at().minus(t.bidWindow()))).toList();
        List<Activity> bids = window.stream().filter(a -> a.is(EventType.BID)).toList();
        long accepted = window.stream().filter(a -> a.is(EventType.BID_ACCEPTED)).count();
        long logins = window.stream().filter(a -> a.is(EventType.LOGIN)).count();
        if (bids.isEmpty()) {
            return Optional.empty();
        }
        double acceptance = (double) accepted / bids.size();
        boolean lowAcceptance = bids.size() >= t.bids() && acceptance < t.minAcceptance();
        boolean perLogin = bids.size() >= t.bidsPerLogin() && bids.size() >= (double) t.bidsPerLogin() * Math.max(1, logins);
        if (!lowAcceptance && !perLogin) {
            return Optional.empty();
        }
        // one detection per window: the bid that reached the count identifies it
        Activity reached = bids.get((lowAcceptance ? t.bids() : t.bidsPerLogin()) - 1);
        return Optional.of(new Finding("PL-06", "bidding-pattern", 0.6, Evidence.of("kind",
                        lowAcceptance ? "LOW_ACCEPTANCE" : "MANY_BIDS_PER_LOGIN", "bids", bids.size(), "accepted", accepted,
                        "logins", logins, "window", t.bidWindow().toString(),
                        "explanation", bids.size() + " bids, " + accepted + " accepted, " + logins + " logins in "
                                + t.bidWindow().toDays() + " days"),
                List.of(bids.getFirst().eventId(), reached.eventId()), List.of(e.accountId())));
    }

    /**
     * PL-07: an {@code OWNERSHIP_CHANGE} (field {@code changed}: EMAIL, PHONE, PAYOUT_ACCOUNT, DEVICE) after at
     * least {@code dormancy} without activity; all four replaced is the catalogue's pattern (0.85), three of four
     * is reported at 0.6.
     */
    Optional<Finding> ownershipChange(List<Activity> history, Activity e) {
        if (!e.is(EventType.OWNERSHIP_CHANGE)) {
            return Optional.empty();
        }
        Set<String> changed = new TreeSet<>();
        if (e.fields().get("changed") instanceof Collection<?> c) {
            c.forEach(v -> changed.add(String.valueOf(v).toUpperCase(Locale.ROOT)));
        }
        changed.retainAll(Set.of("EMAIL", "PHONE", "PAYOUT_ACCOUNT", "DEVICE"));
        Activity before = null;
        for (Activity a : history) {
            if (a.at().isBefore(e.at()) && !a.eventId().equals(e.eventId())) {
                before = a;
            }
        }
        if (before == null || changed.size() < 3) {
            return Optional.empty();
        }
        Duration dormant = Duration.between(before.at(), e.at());
        if (dormant.compareTo(t.dormancy()) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Finding("PL-07", "ownership-change", changed.size() == 4 ? 0.85 : 0.6, Evidence.of(
                "kind", "CHANGED_AFTER_DORMANCY", "changed", List.copyOf(changed), "dormantDays", dormant.toDays(),
                "lastActivity", before.at().toString(),
                "explanation", String.join(", ", changed).toLowerCase(Locale.ROOT) + " replaced after " + dormant.toDays()
                        + " days without activity (possible account resale)"),
                List.of(e.eventId()), List.of(e.accountId())));
    }

    /** PL-09: a port check reporting an open remote-access port, or a remote-access tool reported. */
    Optional<Finding> remoteAccess(Activity e) {
        if (!e.is(EventType.PORT_CHECK)) {
            return Optional.empty();
        }
        Set<Integer> open = new TreeSet<>();
        if (e.fields().get("openPorts") instanceof Collection<?> ports) {
            for (Object p : ports) {
                try {
                    open.add(Integer.parseInt(String.valueOf(p).strip()));
                } catch (NumberFormatException ignored) {
                    // not a port: ignored
                }
            }
        }
        open.retainAll(t.remoteAccessPorts());
        String tool = e.text("tool");
        if (open.isEmpty() && tool == null) {
            return Optional.empty();
        }
        return Optional.of(new Finding("PL-09", "remote-access", tool != null ? 0.85 : 0.75, Evidence.of(
                "kind", "REMOTE_ACCESS", "openPorts", List.copyOf(open), "tool", tool, "ip", e.ip(),
                "explanation", (tool != null ? "remote-access tool " + tool + " reported" : "remote-access ports open: " + open)),
                List.of(e.eventId()), List.of(e.accountId())));
    }

    /** Whether an event counts towards PL-10 (the account's own activity, not the tenant's reports about it). */
    static boolean counts(Activity a) {
        return !a.is(EventType.ACCOUNT_CREATED, EventType.ACCOUNT_VERIFIED, EventType.INCIDENT, EventType.ENGAGEMENT_REPORT, EventType.OWNERSHIP_CHANGE, EventType.PORT_CHECK);
    }

    /** PL-10 from the counts of the account's active events and of those outside its declared hours. */
    Optional<Finding> offHours(Activity created, long active, long outside, String accountId) {
        Optional<WorkingHours> declared = WorkingHours.declared(created);
        if (declared.isEmpty() || active < t.offHoursEvents() || active == 0) {
            return Optional.empty();
        }
        WorkingHours hours = declared.get().or(t.dayStart(), t.dayEnd());
        double share = (double) outside / active;
        if (share < t.offHoursShare()) {
            return Optional.empty();
        }
        // one detection per account and declared zone (the same ids however often it is re-evaluated)
        String zone = hours.zone().getId();
        return Optional.of(new Finding("PL-10", "off-hours", 0.6, Evidence.of("kind", "OUTSIDE_DECLARED_HOURS",
                "timezone", zone, "hours", hours.from() + "-" + hours.to(), "events", active, "outside", outside,
                "explanation", outside + " of " + active + " events (" + Math.round(share * 100) + " %) outside "
                        + hours.from() + "–" + hours.to() + " " + zone),
                List.of(created.eventId(), "offhours:" + zone), List.of(accountId)));
    }

    /**
     * The working hours an account declared: {@code ACCOUNT_CREATED}'s {@code declaredTimezone}, and its
     * {@code declaredWorkingHours} "HH:MM-HH:MM" if given (else the thresholds' day, filled in by {@link #or}).
     */
    record WorkingHours(ZoneId zone, LocalTime from, LocalTime to) {

        static Optional<WorkingHours> declared(Activity created) {
            if (created == null || created.text("declaredTimezone") == null) {
                return Optional.empty();
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(created.text("declaredTimezone"));
            } catch (DateTimeException ex) {
                return Optional.empty();
            }
            String declared = created.text("declaredWorkingHours");
            if (declared != null && EventContract.HOURS.matcher(declared).matches()) {
                return Optional.of(new WorkingHours(zone, LocalTime.parse(declared.substring(0, 5)),
                        LocalTime.parse(declared.substring(6))));
            }
            return Optional.of(new WorkingHours(zone, null, null));
        }

        WorkingHours or(LocalTime dayStart, LocalTime dayEnd) {
            return from != null ? this : new WorkingHours(zone, dayStart, dayEnd);
        }

        /** Outside the hours (with the thresholds' day where none were declared). */
        boolean outside(Instant at, LocalTime dayStart, LocalTime dayEnd) {
            return or(dayStart, dayEnd).outside(at);
        }

        private boolean outside(Instant at) {
            LocalTime local = at.atZone(zone).toLocalTime();
            boolean inside = from.isBefore(to) ? !local.isBefore(from) && local.isBefore(to)
                    : !local.isBefore(from) || local.isBefore(to); // hours across midnight
            return !inside;
        }
    }

    /**
     * PL-13: a bid or an accepted bid before the account was verified: verified later, or not yet where the tenant is
     * known to send every verification ({@link Thresholds#verificationEvents()}).
     */
    Optional<Finding> beforeVerification(List<Activity> history, Activity e) {
        if (!e.is(EventType.BID, EventType.BID_ACCEPTED)) {
            return Optional.empty();
        }
        Optional<Activity> verified = history.stream().filter(a -> a.is(EventType.ACCOUNT_VERIFIED)).findFirst();
        if (verified.isPresent() && !verified.get().at().isAfter(e.at()) || verified.isEmpty() && !t.verificationEvents()) {
            return Optional.empty();
        }
        Activity first = history.stream().filter(a -> a.is(EventType.BID, EventType.BID_ACCEPTED)
                && (verified.isEmpty() || a.at().isBefore(verified.get().at()))).findFirst().orElse(e);
        return Optional.of(new Finding("PL-13", "before-verification", 0.7, Evidence.of("kind", "ACTIVE_BEFORE_VERIFICATION",
                "firstBidAt", first.at().toString(), "verifiedAt", verified.map(a -> a.at().toString()).orElse(null),
                "explanation", "bidding on " + first.at() + (verified.isPresent() ? ", verified only on " + verified.get().at()
                        : ", not verified yet")),
                List.of(first.eventId()), List.of(e.accountId())));
    }

    /**
     * PL-14 (an engagement report: prepayment requested, missed benchmarks or check-ins, free work offered, a
     * change of the person doing the work), PL-15 (an extortion threat: release of source code), PL-16 (bug-bounty
     * or IT-competition participation), from {@code ENGAGEMENT_REPORT} and {@code INCIDENT} events' {@code kind}.
     */
    Optional<Finding> report(Activity e) {
        if (!e.is(EventType.ENGAGEMENT_REPORT, EventType.INCIDENT)) {
            return Optional.empty();
        }
        String kind = e.text("kind") == null ? "" : e.text("kind").toUpperCase(Locale.ROOT);
        String code;
        double confidence;
        if (Set.of("EXTORTION", "SOURCE_CODE_THREAT", "DATA_RELEASE_THREAT").contains(kind)) {
            code = "PL-15";
            confidence = 0.9;
        } else if (Set.of("BUG_BOUNTY", "IT_COMPETITION", "VULNERABILITY_HUNTING").contains(kind)) {
            code = "PL-16";
            confidence = 0.8;
        } else if (e.is(EventType.ENGAGEMENT_REPORT) && !kind.isEmpty()) {
            code = "PL-14";
            confidence = 0.6;
        } else {
            return Optional.empty();
        }
        return Optional.of(new Finding(code, "reported-" + code.toLowerCase(Locale.ROOT), confidence, Evidence.of(
                "kind", kind, "reportedAt", e.at().toString(), "note", e.text("note"),
                "explanation", "reported by the tenant: " + kind.toLowerCase(Locale.ROOT).replace('_', ' ')),
                List.of(e.eventId()), List.of(e.accountId())));
    }

    /**
     * PL-17: over at least {@code replyMessages} client messages ({@code MESSAGE} with {@code direction} FROM_CLIENT)
     * the median delay until the account's next message is at least {@code replyDelay} (an unanswered one counts
     * from its time to the newest event).
     */
    Optional<Finding> slowReplies(List<Activity> history, Activity e) {
        if (!e.is(EventType.MESSAGE)) {
            return Optional.empty();
        }
        List<Activity> messages = history.stream().filter(a -> a.is(EventType.MESSAGE) && !a.at().isAfter(e.at())).toList();
        List<Long> delays = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Activity m = messages.get(i);
            if (!fromClient(m)) {
                continue;
            }
            Instant reply = null;
            for (int k = i + 1; k < messages.size(); k++) {
                if (!fromClient(messages.get(k))) {
                    reply = messages.get(k).at();
                    break;
                }
            }
            delays.add(Duration.between(m.at(), reply == null ? e.at() : reply).toMinutes());
            ids.add(m.eventId());
        }
        if (delays.size() < t.replyMessages()) {
            return Optional.empty();
        }
        List<Long> sorted = delays.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        if (median < t.replyDelay().toMinutes()) {
            return Optional.empty();
        }
        return Optional.of(new Finding("PL-17", "slow-replies", 0.6, Evidence.of("kind", "SLOW_REPLIES",
                "clientMessages", delays.size(), "medianDelayHours", median / 60,
                "explanation", "median reply delay " + (median / 60) + " h over " + delays.size() + " client messages"),
                List.of(ids.get(t.replyMessages() - 1)), List.of(e.accountId())));
    }

    /** Whether a message is the client's (PL-17 times the account's replies to these). */
    static boolean fromClient(Activity message) {
        return "FROM_CLIENT".equalsIgnoreCase(String.valueOf(message.text("direction")));
    }

    private static final Set<String> CRYPTO_TAGS = Set.of("crypto", "cryptocurrency", "web3", "blockchain",
            "smart-contract", "smart-contracts", "defi", "nft", "solidity", "dapp");

    /** PL-18: at least {@code cryptoShare} of at least {@code cryptoBids} bids on projects tagged crypto/web3. */
    Optional<Finding> cryptoProjects(List<Activity> history, Activity e) {
        if (!e.is(EventType.BID)) {
            return Optional.empty();
        }
        List<Activity> bids = history.stream().filter(a -> a.is(EventType.BID) && !a.at().isAfter(e.at())).toList();
        if (bids.size() < t.cryptoBids()) {
            return Optional.empty();
        }
        long crypto = bids.stream().filter(AccountRules::cryptoTagged).count();
        if ((double) crypto / bids.size() < t.cryptoShare()) {
            return Optional.empty();
        }
        return Optional.of(new Finding("PL-18", "crypto-projects", 0.6, Evidence.of("kind", "CRYPTO_PROJECTS",
                "bids", bids.size(), "cryptoBids", crypto,
                "explanation", crypto + " of " + bids.size() + " bids on crypto/web3 projects"),
                List.of(bids.get(t.cryptoBids() - 1).eventId()), List.of(e.accountId())));
    }

    /** Whether a bid is on a project tagged crypto/web3 (PL-18). */
    static boolean cryptoTagged(Activity bid) {
        if (bid.fields().get("tags") instanceof Collection<?> tags) {
            for (Object tag : tags) {
                if (CRYPTO_TAGS.contains(String.valueOf(tag).strip().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(List<Activity> list, Activity e) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).eventId().equals(e.eventId())) {
                return i;
            }
        }
        throw new IllegalArgumentException("the history does not hold event " + e.eventId());
    }
}
