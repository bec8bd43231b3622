package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.Activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the account stage keeps about one account besides its events: its newest event time (lateness is measured
 * from it), the events every later one is read against (creation, verification, first bid), its runs of activity
 * (PL-03), its counts for PL-10, and when each code was last reported with how much (re-detections of a sliding
 * window are one signal per window unless they grow).
 */
final class AccountState {

    /** A run of activity without a gap longer than the thresholds' {@code activityGap}. */
    static final class Run {
        public Instant start;
        public String startId;
        public Instant end;
        public int events;
        public String reportedStartId;
    }

    /** The last report of a code: its event time and size (IPs, accounts, bids). */
    static final class Report {
        public Instant at;
        public int size;
    }

    public Instant newest;
    public Instant prunedAt;
    public Activity created;
    public Activity verified;
    public Activity firstBid;
    public List<Run> runs = new ArrayList<>();
    public long active;
    public long outside;
    public Map<String, Report> reported = new HashMap<>();
    /**
     * Counts of what the account has shown, all time (pruned events included), so that a detector whose threshold
     * the account cannot reach yet is not given the account's history to read: distinct IPs (PL-01), bids (PL-06,
     * PL-18), bids on crypto/web3 projects (PL-18), client messages (PL-17). Each counts at least what any window
     * holds, so a detector skipped for it could not have found anything. {@code null} for a state stored before
     * they were kept (or as JSON, before the binary layout): then every detector reads as before.
     */
    public Counts counts;
    /**
     * PL-06's bids, acceptances and logins per day (UTC) of the recent days, so that an account whose month cannot
     * show the pattern (ordinary freelancers log in far more often than once per ten bids, and win more than one bid in
     * twenty) is not given its month of bids and logins to read on every bid and login. {@code null} for a state
     * stored before they were kept: then PL-06 reads as before.
     */
    public Tallies tallies;

    /** The state of an account with no event yet. */
    static AccountState first() {
        AccountState s = new AccountState();
        s.counts = new Counts();
        s.tallies = new Tallies();
        return s;
    }


    /** See {@link #counts}. */
    static final class Counts {
        public long ips;
        public long bids;
        public long cryptoBids;
        public long clientMessages;
    }

    /** See {@link #tallies}. */
    static final class Tallies {
        /** The first day whose events are all tallied (days before it were dropped, or not kept yet). */
        public long since = Long.MIN_VALUE;
        /** By epoch day: {bids, accepted bids, logins}. */
        public java.util.TreeMap<Long, int[]> days = new java.util.TreeMap<>();

        static long day(Instant at) {
            return Math.floorDiv(at.getEpochSecond(), 86_400L);
        }

        void add(Instant at, int kind) {
            days.computeIfAbsent(day(at), d -> new int[3])[kind]++;
        }

        /** Drops the days before {@code firstKept}: from then on the tallies are complete only from that day. */
        void dropBefore(long firstKept) {
            if (firstKept > since) {
                days.headMap(firstKept).clear();
                since = firstKept;
            }
        }
    }

    /** Whether a detection of {@code size} at {@code at} repeats one reported within {@code window} at least as big. */
    boolean alreadyReported(String code, Instant at, java.time.Duration window, int size) {
        Report last = reported.get(code);
        return last != null && last.size >= size && !at.isAfter(last.at.plus(window)) && !at.isBefore(last.at.minus(window));
    }

    void report(String code, Instant at, int size) {
        Report r = new Report();
        r.at = at;
        r.size = size;
        reported.put(code, r);
    }
}
