package dev.firebreak.platform.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is kept about one account besides its events: its newest event time (lateness is measured from it), the
 * events every later one is read against (creation, verification, first bid), its runs of activity (PL-03), its
 * counts for PL-10, and when each code was last reported with how much (re-detections of a sliding window are one
 * signal per window unless they grow). Mutable: {@link AccountDetectors} updates it as each event is inspected, and
 * the topology stores it after each event.
 */
public final class AccountState {

    /**
     * A run of the account's own activity ({@link AccountRules#present}) without a gap longer than the thresholds'
     * {@code activityGap} and without a logout inside it; {@code closed} when its last event is a logout (nothing
     * after it joins the run). {@code endId} is null in runs stored before issue 30 (their ends compare by time).
     */
    public static final class Run {
        public Instant start;
        public String startId;
        public Instant end;
        public String endId;
        public int events;
        public String reportedStartId;
        public boolean closed;
    }

    /** The last report of a code: its event time and size (IPs, accounts, bids). */
    public static final class Report {
        public Instant at;
        public int size;
    }

    public Instant newest;
    public Instant prunedAt;
    public Activity created;
    public Activity verified;
    public Activity firstBid;
    public List<Run> runs = new ArrayList<>();
    /** PL-10: the account's active events since it declared its time zone, and those outside its working hours. */
    public long active;
    public long outside;
    /** PL-10: the same counts of the events after its last report (judged again: {@link Thresholds#reportAgainAfter}). */
    public long activeSince;
    public long outsideSince;
    public Map<String, Report> reported = new HashMap<>();
    /**
     * Counts of what the account has shown, all time (pruned events included), so that a detector whose threshold
     * the account cannot reach yet is not given the account's history to read. Each counts at least what any window
     * holds, so a detector skipped for it could not have found anything.
     */
    public Counts counts = new Counts();
    /**
     * PL-06's bids, acceptances and logins per day (UTC) of the recent days, so that an account whose month cannot
     * show the pattern (ordinary freelancers log in far more often than once per ten bids, and win more than one bid in
     * twenty) is not given its month of bids and logins to read on every bid and login.
     */
    public Tallies tallies = new Tallies();

    /** See {@link #counts}. */
    public static final class Counts {
        /** Distinct IPs (kept by the {@link AccountHistory} as it stores events). */
        public long ips;
        public long bids;
        public long cryptoBids;
        public long clientMessages;
    }

    /** See {@link #tallies}. */
    public static final class Tallies {
        public static final int BIDS = 0, ACCEPTED = 1, LOGINS = 2;
        /** The first day whose events are all tallied (days before it were dropped). */
        public long since = Long.MIN_VALUE;
        /** By epoch day: {bids, accepted bids, logins}. */
        public TreeMap<Long, int[]> days = new TreeMap<>();

        public static long day(Instant at) {
            return Math.floorDiv(at.getEpochSecond(), 86_400L);
        }

        public void add(Instant at, int kind) {
            days.computeIfAbsent(day(at), d -> new int[3])[kind]++;
        }

        /** Drops the days before {@code firstKept}: from then on the tallies are complete only from that day. */
        public void dropBefore(long firstKept) {
            if (firstKept > since) {
                days.headMap(firstKept).clear();
                since = firstKept;
            }
        }
    }

    /** Forgets what concerns only events before {@code cutoff} (the history's retention): the runs ended before it. */
    public void forgetBefore(Instant cutoff) {
        runs.removeIf(r -> r.end.isBefore(cutoff));
        prunedAt = newest;
    }

    /** Whether a detection of {@code size} at {@code at} repeats one reported within {@code window} at least as big. */
    public boolean alreadyReported(String code, Instant at, Duration window, int size) {
        Report last = reported.get(code);
        return last != null && last.size >= size && !at.isAfter(last.at.plus(window)) && !at.isBefore(last.at.minus(window));
    }

    public void report(String code, Instant at, int size) {
        Report r = new Report();
        r.at = at;
        r.size = size;
        reported.put(code, r);
    }
}
