package dev.firebreak.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A synthetic platform population for platform-signals-service: users who each show one red flag of RED-FLAGS.md
 * (PL-01 … PL-18), benign users who are hard negatives (people behind a carrier NAT, travellers, night-shift workers
 * who declared their hours, a family sharing a device once), and a background of ordinary users whose events make the
 * load. Every account id starts with the run's prefix, so a run is told apart from any other on the same broker.
 */
final class PlatformPopulation {

    /** One account's expectation: the code it must raise, or none at all (a benign account). */
    record Expectation(String accountId, String code) {
    }

    private final String prefix;
    private final Instant t0;
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final Map<String, String> expected = new TreeMap<>();
    private int sequence;

    private final int network;

    /** Each population's ordinary freelancer writes an own profile (two equal ones would rightly be PL-04). */
    private static final String[] BIOS = {
        "I maintain Fortran numerical codes for climate models and tune MPI jobs on HPC clusters; references from two universities.",
        "Wedding photographer turned iOS developer: SwiftUI apps for small shops, offline sync, App Store releases handled end to end.",
        "Accessibility auditor. I test public-sector websites against WCAG 2.2 with screen readers and write plain-language fix lists.",
        "Data engineer for logistics firms: dbt models, Airflow schedules and Postgres tuning; I document every pipeline I touch."};

    /** @param network which block of addresses the population's own IPs come from (populations never share an IP) */
    PlatformPopulation(String prefix, Instant t0, int network) {
        this.prefix = prefix;
        this.t0 = t0;
        this.network = network;
    }

    /** Accounts that must raise a code (account → code). */
    Map<String, String> flagged() {
        return expected;
    }

    /** The seeded events (red flags and hard negatives), each account's in event-time order. */
    List<Map<String, Object>> events() {
        return events;
    }

    List<String> benign() {
        return benign;
    }

    private final List<String> benign = new ArrayList<>();

    private Map<String, Object> event(String type, String account, Instant at, String ip, String device) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", prefix + "-e" + (sequence++));
        e.put("type", type);
        e.put("accountId", account);
        e.put("workerId", account.replace("-a-", "-w-"));
        e.put("occurredAt", at.toString());
        if (ip != null) {
            e.put("ip", ip);
        }
        if (device != null) {
            e.put("deviceId", device);
        }
        events.add(e);
        return e;
    }

    private String account(String name) {
        return prefix + "-a-" + name;
    }

    /** An account created and verified an hour before t, with its own IP and device. */
    private String verified(String name, Instant t, int n) {
        String a = account(name);
        event("ACCOUNT_CREATED", a, t.minus(Duration.ofHours(2)), ip(n), device(name));
        event("ACCOUNT_VERIFIED", a, t.minus(Duration.ofHours(1)), null, null);
        return a;
    }

    private String ip(int n) {
        return "198.18." + (network * 4 + n / 250) + "." + (n % 250 + 1);
    }

    private String device(String name) {
        return prefix + "-dev-" + name;
    }

    private String flag(String code, String name, int n) {
        String a = verified(name, t0, n);
        expected.put(a, code);
        return a;
    }

    PlatformPopulation seed() {
        int n = 1;
        Instant t = t0;
        // PL-01: five IPs within an hour
        String hopper = flag("PL-01", "hopper", n++);
        for (int i = 0; i < 5; i++) {
            event("LOGIN", hopper, t.plus(Duration.ofMinutes(10L * i)), ip(100 + i), device("hopper"));
        }
        // PL-02: three accounts on one IP within a day (each with its own device)
        for (int i = 0; i < 3; i++) {
            String a = flag("PL-02", "farm-" + i, n++);
            event("LOGIN", a, t.plus(Duration.ofHours(i)), ip(200), device("farm-" + i));
        }
        // PL-03: heartbeats every 20 minutes for 25 hours
        String sleepless = flag("PL-03", "sleepless", n++);
        for (int i = 0; i <= 75; i++) {
            event("HEARTBEAT", sleepless, t.plus(Duration.ofMinutes(20L * i)), null, null);
        }
        // PL-04: two accounts with the same template profile
        String template = "Senior full-stack developer, 8 years of React, Node.js and AWS. I deliver pixel-perfect "
                + "interfaces and scalable back ends on time. Available 24/7, fluent English, let's discuss your project.";
        event("PROFILE_TEXT", flag("PL-04", "template-1", n++), t, null, null).put("text", template);
        event("PROFILE_TEXT", flag("PL-04", "template-2", n++), t.plus(Duration.ofHours(3)), null, null)
                .put("text", template.replace("8 years", "eight years").replace("let's", "let us"));
        // PL-05: one client rates three accounts 5/5 within two days
        for (int i = 0; i < 3; i++) {
            Map<String, Object> r = event("RATING", flag("PL-05", "rated-" + i, n++), t.plus(Duration.ofHours(12L * i)), null, null);
            r.put("clientId", prefix + "-client-booster");
            r.put("rating", 5.0);
        }
        // PL-06: twelve bids on one login
        String bidder = flag("PL-06", "bidder", n++);
        event("LOGIN", bidder, t, ip(300), device("bidder"));
        for (int i = 0; i < 12; i++) {
            event("BID", bidder, t.plus(Duration.ofMinutes(5L * i + 1)), null, null);
        }
        // PL-07: everything replaced after 40 days of silence
        String resold = account("resold");
        event("ACCOUNT_CREATED", resold, t.minus(Duration.ofDays(41)), ip(301), device("resold"));
        event("ACCOUNT_VERIFIED", resold, t.minus(Duration.ofDays(41)).plus(Duration.ofHours(1)), null, null);
        expected.put(resold, "PL-07");
        event("OWNERSHIP_CHANGE", resold, t, null, null).put("changed", List.of("EMAIL", "PHONE", "PAYOUT_ACCOUNT", "DEVICE"));
        // PL-08: a login from the demo VPN range
        event("LOGIN", flag("PL-08", "vpn", n++), t, "192.0.2.44", device("vpn"));
        // PL-09: a remote-desktop port open
        event("PORT_CHECK", flag("PL-09", "remote", n++), t, null, null).put("openPorts", List.of(443, 5900));
        // PL-10: declared London, active at night (02:00-04:00 London) 60 times
        String night = account("night-owl");
        Map<String, Object> created = event("ACCOUNT_CREATED", night, t.minus(Duration.ofDays(3)), ip(302), device("night-owl"));
        created.put("declaredTimezone", "Europe/London");
        created.put("declaredCountry", "GB");
        event("ACCOUNT_VERIFIED", night, t.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(5)), null, null);
        expected.put(night, "PL-10");
        Instant nightStart = t.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(2));
        for (int i = 0; i < 60; i++) {
            event("HEARTBEAT", night, nightStart.plus(Duration.ofDays(i / 20)).plus(Duration.ofMinutes(6L * (i % 20))), null, null);
        }
        // PL-11: one laptop, two accounts, twice each
        for (int i = 0; i < 2; i++) {
            String a = flag("PL-11", "laptop-" + i, n++);
            event("LOGIN", a, t.plus(Duration.ofHours(i)), ip(310 + i), prefix + "-shared-laptop");
            event("LOGIN", a, t.plus(Duration.ofHours(i + 5)), ip(310 + i), prefix + "-shared-laptop");
        }
        // PL-12: asks to move to a messenger and be paid in USDT
        event("MESSAGE", flag("PL-12", "off-platform", n++), t, null, null)
                .put("text", "Let's continue on Telegram @fastdev_99, and you can pay me in USDT.");
        // PL-13: bids before verification
        String eager = account("eager");
        event("ACCOUNT_CREATED", eager, t.minus(Duration.ofHours(2)), ip(320), device("eager"));
        expected.put(eager, "PL-13");
        event("BID", eager, t, null, null);
        event("ACCOUNT_VERIFIED", eager, t.plus(Duration.ofDays(2)), null, null);
        // PL-14, PL-15, PL-16: the tenant's reports
        event("ENGAGEMENT_REPORT", flag("PL-14", "missed", n++), t, null, null).put("kind", "MISSED_CHECKIN");
        event("INCIDENT", flag("PL-15", "extortion", n++), t, null, null).put("kind", "SOURCE_CODE_THREAT");
        event("ENGAGEMENT_REPORT", flag("PL-16", "bounty", n++), t, null, null).put("kind", "BUG_BOUNTY");
        // PL-17: ten client messages, each answered 30 hours later
        String slow = flag("PL-17", "slow", n++);
        for (int i = 0; i < 10; i++) {
            Instant asked = t.plus(Duration.ofHours(31L * i));
            event("MESSAGE", slow, asked, null, null).put("direction", "FROM_CLIENT");
            event("MESSAGE", slow, asked.plus(Duration.ofHours(30)), null, null).put("direction", "TO_CLIENT");
        }
        // PL-18: ten bids, eight on web3 projects
        String web3 = flag("PL-18", "web3", n++);
        for (int i = 0; i < 10; i++) {
            event("BID", web3, t.plus(Duration.ofHours(i)), null, null)
                    .put("tags", i < 8 ? List.of("solidity", "web3") : List.of("react"));
        }
        hardNegatives(t, n);
        return this;
    }

    /** Benign users a careless detector would flag. */
    private void hardNegatives(Instant t, int n) {
        // sixty people behind one carrier-grade NAT address, within an hour
        for (int i = 0; i < 60; i++) {
            String a = verified("mobile-" + i, t, n++);
            benign.add(a);
            event("LOGIN", a, t.plus(Duration.ofMinutes(i)), "100.72.18.9", device("mobile-" + i));
        }
        // travellers: home in the morning, abroad in the evening (two IPs, hours apart)
        for (int i = 0; i < 5; i++) {
            String a = verified("traveller-" + i, t, n++);
            benign.add(a);
            event("LOGIN", a, t, ip(400 + i), device("traveller-" + i));
            event("LOGIN", a, t.plus(Duration.ofHours(11)), ip(420 + i), device("traveller-" + i));
        }
        // night-shift workers who declared their hours: 60 events between 23:00 and 05:00 Warsaw time
        for (int i = 0; i < 3; i++) {
            String a = account("night-shift-" + i);
            benign.add(a);
            Map<String, Object> created = event("ACCOUNT_CREATED", a, t.minus(Duration.ofDays(4)), ip(440 + i), device("ns-" + i));
            created.put("declaredTimezone", "Europe/Warsaw");
            created.put("declaredWorkingHours", "22:00-06:00");
            event("ACCOUNT_VERIFIED", a, t.minus(Duration.ofDays(4)).plus(Duration.ofMinutes(3)), null, null);
            Instant shift = t.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(22)); // 23:00 Warsaw
            for (int k = 0; k < 60; k++) {
                event(k % 10 == 0 ? "LOGIN" : "HEARTBEAT", a, shift.plus(Duration.ofDays(k / 20)).plus(Duration.ofMinutes(15L * (k % 20))),
                        k % 10 == 0 ? ip(440 + i) : null, k % 10 == 0 ? device("ns-" + i) : null);
            }
        }
        // a family: the parent's laptop, borrowed once by the child
        String parent = verified("parent", t, n++);
        String child = verified("child", t, n++);
        benign.add(parent);
        benign.add(child);
        for (int k = 0; k < 6; k++) {
            event("LOGIN", parent, t.plus(Duration.ofHours(k)), ip(460), prefix + "-family-laptop");
        }
        event("LOGIN", child, t.plus(Duration.ofHours(7)), ip(460), prefix + "-family-laptop");
        // an ordinary freelancer: logins, bids (some accepted), quick replies, a profile of their own
        String ordinary = verified("ordinary", t, n);
        benign.add(ordinary);
        event("PROFILE_TEXT", ordinary, t, null, null).put("text", BIOS[network % BIOS.length]);
        event("LOGIN", ordinary, t.plus(Duration.ofMinutes(1)), ip(470), device("ordinary"));
        for (int k = 0; k < 5; k++) {
            event("BID", ordinary, t.plus(Duration.ofMinutes(10L + k)), null, null);
        }
        event("BID_ACCEPTED", ordinary, t.plus(Duration.ofHours(2)), null, null);
        event("MESSAGE", ordinary, t.plus(Duration.ofHours(3)), null, null).put("direction", "FROM_CLIENT");
        event("MESSAGE", ordinary, t.plus(Duration.ofHours(3).plusMinutes(20)), null, null).put("text", "Thanks, I will send the draft tomorrow.");
    }

    /**
     * The background: ordinary users' events in event-time order, {@code perSecond} of event time each second from
     * {@code t0}, over {@code accounts} accounts each with its own IP and device (the first two events of an account
     * create and verify it). Deterministic for a seed.
     */
    static final class Background {
        private static final String[] WORDS = ("design build test deploy review refactor api mobile web data model "
                + "cloud kotlin swift react vue angular python django flask spring rust go java kubernetes terraform "
                + "ansible ci pipeline docs tutorial dashboard report analytics etl warehouse").split(" ");
        private final String prefix;
        private final Instant t0;
        private final int accounts;
        private final int perSecond;
        private final Random random;
        private final int[] seen;
        private final int[] bids;
        private final int[] logins;
        private long index;

        Background(String prefix, Instant t0, int accounts, int perSecond, long seed) {
            this.prefix = prefix;
            this.t0 = t0;
            this.accounts = accounts;
            this.perSecond = perSecond;
            this.random = new Random(seed);
            this.seen = new int[accounts];
            this.bids = new int[accounts];
            this.logins = new int[accounts];
        }

        Set<String> accountIds() {
            Set<String> ids = new java.util.HashSet<>();
            for (int a = 0; a < accounts; a++) {
                if (seen[a] > 0) {
                    ids.add(id(a));
                }
            }
            return ids;
        }

        String id(int a) {
            return prefix + "-bg-" + a;
        }

        Map<String, Object> next() {
            long i = index++;
            int a = random.nextInt(accounts);
            Instant at = t0.plusMillis(i * 1000 / perSecond);
            int k = seen[a]++;
            String type;
            if (k == 0) {
                type = "ACCOUNT_CREATED";
            } else if (k == 1) {
                type = "ACCOUNT_VERIFIED";
            } else {
                int r = random.nextInt(100);
                type = r < 20 ? "LOGIN" : r < 64 ? "HEARTBEAT" : r < 72 ? "BID" : r < 78 ? "BID_ACCEPTED"
                        : r < 90 ? "MESSAGE" : r < 93 ? "PROFILE_TEXT" : "LOGOUT";
                // An ordinary freelancer logs in between bids. Left to chance, about one account in 250,000 of a
                // long run bids ten times on one login: PL-06's pattern, rightly raised (the 10-minute run of 2026-12-04
                // had one), which is not what a hard negative is for.
                if (type.equals("BID") && bids[a] + 1 >= 5 * Math.max(1, logins[a])) {
                    type = "LOGIN";
                }
            }
            bids[a] += type.equals("BID") ? 1 : 0;
            logins[a] += type.equals("LOGIN") ? 1 : 0;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", prefix + "-bg-e" + i);
            e.put("type", type);
            e.put("accountId", id(a));
            e.put("occurredAt", at.toString());
            if (type.equals("LOGIN") || type.equals("ACCOUNT_CREATED")) {
                e.put("ip", "198.19." + (a / 250 % 250) + "." + (a % 250 + 1));
                e.put("deviceId", prefix + "-bg-dev-" + a);
            }
            if (type.equals("PROFILE_TEXT") || type.equals("MESSAGE")) {
                StringBuilder text = new StringBuilder("note " + a + ":");
                for (int w = 0; w < 25; w++) {
                    text.append(' ').append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(1000));
                }
                e.put("text", text.toString());
            }
            return e;
        }
    }
}
