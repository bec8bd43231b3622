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

    /** The state of an account with no event yet. */
    static AccountState first() {
        AccountState s = new AccountState();
        s.counts = new Counts();
        return s;
    }

    /** See {@link #counts}. */
    static final class Counts {
        public long ips;
        public long bids;
        public long cryptoBids;
        public long clientMessages;
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
