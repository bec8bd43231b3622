package dev.firebreak.platform.detect;

import dev.firebreak.kit.findings.Evidence;
import dev.firebreak.platform.event.EventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The rows of RED-FLAGS.md that read what several accounts share, each keyed by the shared thing: PL-02 (one IP,
 * several accounts), PL-11 (one device, several accounts), PL-05 (one client rating several accounts). Each finding
 * concerns every account involved (one signal each, sharing a group id).
 */
public final class SharedDetectors {

    private final Thresholds t;
    private final Predicate<String> commonIp;

    /**
     * @param commonIp IPs that link nobody (configured exceptions such as a carrier-grade NAT range or a corporate
     *                 proxy); besides these, an IP seen on {@code commonIpAccounts} accounts or more is common
     */
    public SharedDetectors(Thresholds thresholds, Predicate<String> commonIp) {
        this.t = thresholds;
        this.commonIp = commonIp;
    }

    /**
     * PL-02: at least {@code accountsPerIp} distinct accounts on one IP within {@code accountsPerIpWindow} (the first
     * window from the new event on that reaches it), unless the IP is a common one.
     *
     * @param ipHistory      the IP's events in time order (the new one among them), as the IP stage reads them
     * @param accountsEverOnIp how many distinct accounts the IP has been seen on, all time
     */
    public Optional<Finding> accountsPerIp(List<Activity> ipHistory, Activity e, int accountsEverOnIp) {
        if (!mayLink(e.ip(), accountsEverOnIp)) {
            return Optional.empty();
        }
        Duration window = t.accountsPerIpWindow();
        Instant last = e.at().plus(window);
        ipHistory = inTimeOrder(ipHistory);
        // Each event from the new one's time on, up to a window after it, ends a window (end - window, end]; the first
        // such window holding enough accounts is the finding. The ends and both edges only move forward through the
        // history (in time order), so one pass keeps each account's count in the window: linear, not quadratic, in
        // the IP's events (a busy IP may hold hundreds in a day).
        Map<String, Integer> inWindow = new HashMap<>();
        int lo = 0;
        int hi = 0; // the window is ipHistory[lo, hi)
        for (Activity end : ipHistory) {
            if (end.at().isBefore(e.at()) || end.at().isAfter(last)) {
                continue;
            }
            while (hi < ipHistory.size() && !ipHistory.get(hi).at().isAfter(end.at())) {
                inWindow.merge(ipHistory.get(hi++).accountId(), 1, Integer::sum);
            }
            Instant from = end.at().minus(window);
            while (lo < hi && !ipHistory.get(lo).at().isAfter(from)) {
                inWindow.computeIfPresent(ipHistory.get(lo++).accountId(), (k, n) -> n == 1 ? null : n - 1);
            }
            if (inWindow.size() >= t.accountsPerIp()) {
                return Optional.of(sharedIp(e, ipHistory.subList(lo, hi)));
            }
        }
        return Optional.empty();
    }

    /**
     * The events by time. The store's keys order them by millisecond and then by event id, so two events within one
     * millisecond may come the other way round; they are then sorted (stably: equal times keep their order).
     */
    private static List<Activity> inTimeOrder(List<Activity> events) {
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).at().isBefore(events.get(i - 1).at())) {
                List<Activity> sorted = new ArrayList<>(events);
                sorted.sort(Comparator.comparing(Activity::at));
                return sorted;
            }
        }
        return events;
    }

    private Finding sharedIp(Activity e, List<Activity> window) {
        Map<String, Activity> firstPerAccount = new TreeMap<>();
        for (Activity a : window) {
            firstPerAccount.merge(a.accountId(), a, (x, y) -> x.at().isAfter(y.at()) ? y : x);
        }
        List<Activity> first = List.copyOf(firstPerAccount.values());
        // An office or a coworking space: each account on its own device, made at its own time. A farm: accounts that
        // share devices, or were created here together. Only the farm counts towards a tier (issue 30); the office is
        // shown at a confidence below the tiers' 0.5, so an analyst still sees it.
        Map<String, Set<String>> accountsByDevice = new TreeMap<>();
        Set<String> createdHere = new TreeSet<>();
        for (Activity a : window) {
            if (a.device() != null) {
                accountsByDevice.computeIfAbsent(a.device(), d -> new TreeSet<>()).add(a.accountId());
            }
            if (a.is(EventType.ACCOUNT_CREATED)) {
                createdHere.add(a.accountId());
            }
        }
        long sharedDevices = accountsByDevice.values().stream().filter(accounts -> accounts.size() > 1).count();
        boolean farm = sharedDevices > 0 || createdHere.size() >= t.accountsPerIp();
        String context = farm ? (sharedDevices > 0 ? sharedDevices + " device(s) used by several of them" : "")
                + (sharedDevices > 0 && createdHere.size() >= t.accountsPerIp() ? "; " : "")
                + (createdHere.size() >= t.accountsPerIp() ? createdHere.size() + " of them created here within the window" : "")
                : "each on its own device, created at different times: an office or a coworking space";
        return new Finding("PL-02", "shared-ip", farm ? 0.8 : 0.4, Evidence.of("kind", "ACCOUNTS_ON_ONE_IP",
                "ip", e.ip(), "accounts", List.copyOf(firstPerAccount.keySet()),
                "times", first.stream().map(a -> a.at().toString()).toList(),
                "window", t.accountsPerIpWindow().toString(), "setting", farm ? "FARM" : "OFFICE",
                "sharedDevices", sharedDevices, "createdHere", createdHere.size(),
                "explanation", firstPerAccount.size() + " accounts logged in from " + e.ip() + " within "
                        + t.accountsPerIpWindow().toHours() + " h (threshold " + t.accountsPerIp() + "); " + context),
                first.stream().map(Activity::eventId).toList(), List.copyOf(firstPerAccount.keySet()));
    }

    /**
     * Whether PL-02 can find anything on an IP seen on {@code accountsEverOnIp} accounts: not a common IP, and on
     * enough accounts for a window to hold {@code accountsPerIp} of them (the IP's history need not be read otherwise).
     */
    public boolean mayLink(String ip, int accountsEverOnIp) {
        // the counts first: most IPs have one account, and the common-IP test may look the IP up in every database
        return ip != null && accountsEverOnIp >= t.accountsPerIp() && accountsEverOnIp < t.commonIpAccounts()
                && !commonIp.test(ip);
    }

    /**
     * PL-11: one device used by at least {@code devicesAccounts} accounts, each of them on at least {@code deviceMinUses}
     * events (a relative's laptop borrowed once does not count; a shared laptop in a farm does).
     */
    public Optional<Finding> sharedDevice(List<Activity> deviceHistory, Activity e) {
        Map<String, List<Activity>> byAccount = new TreeMap<>();
        for (Activity a : deviceHistory) {
            byAccount.computeIfAbsent(a.accountId(), k -> new ArrayList<>()).add(a);
        }
        Map<String, Integer> counts = new TreeMap<>();
        byAccount.forEach((account, uses) -> counts.put(account, uses.size()));
        return sharedDevice(byAccount, counts, e);
    }

    /**
     * PL-11 from each account's earliest uses of the device (in time order, at least {@code deviceMinUses} of them
     * where it has that many) and its number of uses.
     */
    public Optional<Finding> sharedDevice(Map<String, List<Activity>> earliestUses, Map<String, Integer> useCounts, Activity e) {
        int minUses = t.deviceMinUses();
        if (e.device() == null) {
            return Optional.empty();
        }
        Map<String, Activity> qualifying = new TreeMap<>();
        earliestUses.forEach((account, uses) -> {
            if (uses.size() >= minUses) {
                qualifying.put(account, uses.get(minUses - 1)); // the use that made the account count
            }
        });
        if (qualifying.size() < t.devicesAccounts() || !qualifying.containsKey(e.accountId())) {
            return Optional.empty();
        }
        Map<String, Integer> uses = new TreeMap<>();
        qualifying.keySet().forEach(account -> uses.put(account, useCounts.getOrDefault(account, minUses)));
        return Optional.of(new Finding("PL-11", "shared-device", 0.85, Evidence.of("kind", "ONE_DEVICE_SEVERAL_ACCOUNTS",
                "device", e.device(), "accounts", List.copyOf(qualifying.keySet()), "uses", uses,
                "explanation", "one device used by " + qualifying.size() + " accounts: " + String.join(", ", qualifying.keySet())),
                qualifying.values().stream().map(Activity::eventId).toList(), List.copyOf(qualifying.keySet())));
    }

    /**
     * PL-05: one client ({@code RATING} field {@code clientId}) rating at least {@code ratedAccounts} distinct
     * accounts at or above {@code highRating} (field {@code rating}, out of 5) within {@code ratingWindow}.
     */
    public Optional<Finding> ratingBurst(List<Activity> clientRatings, Activity e) {
        return ratingBurst(clientRatings, e, account -> false);
    }

    /**
     * {@link #ratingBurst(List, Activity)} counting only the ratings of accounts the client never hired: a client who
     * hires several freelancers a week and rates their work is ordinary (issue 30); the advisory's pattern is ratings
     * that boost accounts, with no work behind them. A tenant that sends {@code BID_ACCEPTED} with the client's
     * {@code clientId} tells the two apart; one that does not has every rating counted, as before.
     *
     * @param hired whether the client accepted a bid of this account (before the rating, or arriving later)
     */
    public Optional<Finding> ratingBurst(List<Activity> clientRatings, Activity e, Predicate<String> hired) {
        if (!e.is(EventType.RATING) || e.text("clientId") == null || hired.test(e.accountId())) {
            return Optional.empty();
        }
        clientRatings = clientRatings.stream().filter(a -> a.is(EventType.RATING) && !hired.test(a.accountId())).toList();
        for (Activity end : clientRatings) {
            if (end.at().isBefore(e.at()) || end.at().isAfter(e.at().plus(t.ratingWindow()))) {
                continue;
            }
            Map<String, Activity> firstHigh = new TreeMap<>();
            for (Activity a : clientRatings) {
                Double rating = a.number("rating");
                if (rating != null && rating >= t.highRating() && !a.at().isAfter(end.at())
                        && a.at().isAfter(end.at().minus(t.ratingWindow()))) {
                    firstHigh.merge(a.accountId(), a, (x, y) -> x.at().isAfter(y.at()) ? y : x);
                }
            }
            if (firstHigh.size() >= t.ratedAccounts()) {
                return Optional.of(new Finding("PL-05", "rating-burst", 0.75, Evidence.of("kind", "RATING_BURST",
                        "client", e.text("clientId"), "accounts", List.copyOf(firstHigh.keySet()),
                        "ratings", firstHigh.values().stream().map(a -> a.number("rating")).toList(),
                        "window", t.ratingWindow().toString(),
                        "explanation", "client " + e.text("clientId") + " rated " + firstHigh.size() + " accounts ≥ "
                                + t.highRating() + " within " + t.ratingWindow().toDays() + " days, none of them hired by "
                                + "the client through the platform"),
                        firstHigh.values().stream().map(Activity::eventId).toList(), List.copyOf(firstHigh.keySet())));
            }
        }
        return Optional.empty();
    }
}
