package dev.firebreak.platform;

import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.Finding;
import dev.firebreak.platform.detect.OffPlatformRequests;
import dev.firebreak.platform.detect.SharedDetectors;
import dev.firebreak.platform.detect.Thresholds;
import dev.firebreak.platform.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PL-02, PL-11, PL-05 and PL-12 at their boundaries, and their hard negatives. */
class SharedDetectorsTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private final SharedDetectors detectors = new SharedDetectors(Thresholds.defaults(), ip -> ip.startsWith("100.64."));
    private int sequence;

    private Activity on(String account, Instant at, String ip, String device, String type, Map<String, Object> fields) {
        return new Activity("e-" + (++sequence), EventType.valueOf(type), account, null, at, ip, device, fields);
    }

    @Test
    void threeAccountsOnOneIpWithinADay() {
        Activity a = on("acct-a", T, "203.0.113.7", null, "LOGIN", Map.of());
        Activity b = on("acct-b", T.plus(Duration.ofHours(5)), "203.0.113.7", null, "LOGIN", Map.of());
        Activity b2 = on("acct-b", T.plus(Duration.ofHours(6)), "203.0.113.7", null, "LOGIN", Map.of());
        assertTrue(detectors.accountsPerIp(List.of(a, b, b2), b2, 2).isEmpty(), "two accounts");
        Activity c = on("acct-c", T.plus(Duration.ofHours(23)), "203.0.113.7", null, "LOGIN", Map.of());
        Finding f = detectors.accountsPerIp(List.of(a, b, b2, c), c, 3).orElseThrow();
        assertEquals(List.of("acct-a", "acct-b", "acct-c"), f.accounts());
        Activity late = on("acct-c", T.plus(Duration.ofHours(24)), "203.0.113.7", null, "LOGIN", Map.of());
        assertTrue(detectors.accountsPerIp(List.of(a, b, b2, late), late, 3).isEmpty(), "the first fell out of the day");
        // a carrier NAT: a configured range, or an IP seen on very many accounts
        Activity nat = on("acct-c", T.plusSeconds(1), "100.64.3.9", null, "LOGIN", Map.of());
        assertTrue(detectors.accountsPerIp(List.of(on("acct-a", T, "100.64.3.9", null, "LOGIN", Map.of()),
                on("acct-b", T, "100.64.3.9", null, "LOGIN", Map.of()), nat), nat, 3).isEmpty());
        assertTrue(detectors.accountsPerIp(List.of(a, b, b2, c), c, 50).isEmpty(), "seen on 50 accounts: common");
        // out of order: the first login arrives last, the same detection
        assertEquals(f.triggeringIds(), detectors.accountsPerIp(List.of(a, b, b2, c), a, 3).orElseThrow().triggeringIds());
    }

    @Test
    void anOfficeIsShownButOnlyAFarmCounts() {
        String office = "203.0.113.20";
        // the ordinary case: three colleagues, each on their own laptop, who joined the platform on different days
        List<Activity> colleagues = List.of(
                on("acct-a", T.minus(Duration.ofDays(9)), office, "laptop-a", "ACCOUNT_CREATED", Map.of()),
                on("acct-a", T, office, "laptop-a", "LOGIN", Map.of()),
                on("acct-b", T.plus(Duration.ofMinutes(10)), office, "laptop-b", "LOGIN", Map.of()),
                on("acct-c", T.plus(Duration.ofMinutes(20)), office, "laptop-c", "LOGIN", Map.of()));
        Finding seen = detectors.accountsPerIp(colleagues, colleagues.getLast(), 3).orElseThrow();
        assertEquals("OFFICE", seen.evidence().get("setting"));
        assertTrue(seen.confidence() < 0.5, "shown, not counted towards a tier: " + seen.confidence());
        // a farm: two of the accounts on one laptop
        List<Activity> sharing = List.of(on("acct-a", T, office, "laptop-a", "LOGIN", Map.of()),
                on("acct-b", T.plus(Duration.ofMinutes(10)), office, "laptop-a", "LOGIN", Map.of()),
                on("acct-c", T.plus(Duration.ofMinutes(20)), office, "laptop-c", "LOGIN", Map.of()));
        Finding farm = detectors.accountsPerIp(sharing, sharing.getLast(), 3).orElseThrow();
        assertEquals("FARM", farm.evidence().get("setting"));
        assertEquals(0.8, farm.confidence());
        // a farm: three accounts created on the IP within the day, each on its own laptop
        List<Activity> together = new ArrayList<>();
        for (String acct : List.of("acct-a", "acct-b", "acct-c")) {
            together.add(on(acct, T.plus(Duration.ofMinutes(together.size())), office, "laptop-" + acct, "ACCOUNT_CREATED", Map.of()));
        }
        assertEquals("FARM", detectors.accountsPerIp(together, together.getLast(), 3).orElseThrow().evidence().get("setting"));
    }

    @Test
    void aVpnExitLinksNobody() {
        // the IP stage treats anonymising exits as common (stream/SharedStage.ByIp): the detector never reads them
        SharedDetectors withVpn = new SharedDetectors(Thresholds.defaults(), ip -> ip.equals("192.0.2.44"));
        List<Activity> customers = List.of(on("acct-a", T, "192.0.2.44", "laptop-a", "LOGIN", Map.of()),
                on("acct-b", T.plusSeconds(60), "192.0.2.44", "laptop-b", "LOGIN", Map.of()),
                on("acct-c", T.plusSeconds(120), "192.0.2.44", "laptop-a", "LOGIN", Map.of()));
        assertTrue(withVpn.accountsPerIp(customers, customers.getLast(), 3).isEmpty());
    }

    /**
     * The one-pass PL-02 finds what the plain form finds (every window ending from the new event on, each counted
     * afresh) on random busy IPs: the same accounts, times and triggering events, or nothing in both.
     */
    @Test
    void onePassFindsWhatEveryWindowCountedAfreshFinds() {
        Random random = new Random(29);
        Thresholds t = Thresholds.defaults();
        int found = 0;
        for (int n = 0; n < 3_000; n++) {
            List<Activity> history = new ArrayList<>();
            Instant at = T;
            int events = 1 + random.nextInt(40);
            for (int i = 0; i < events; i++) {
                // steps from 0 (ties) to 20 h, so windows both hold and lose accounts
                at = at.plus(Duration.ofMinutes(random.nextInt(4) == 0 ? 0 : random.nextInt(1_200)));
                history.add(on("acct-" + random.nextInt(5), at, "203.0.113.9", null, "LOGIN", Map.of()));
            }
            Activity e = history.get(random.nextInt(events));
            var expected = everyWindowAfresh(t, history, e);
            var actual = detectors.accountsPerIp(history, e, 5);
            assertEquals(expected.map(Finding::accounts), actual.map(Finding::accounts), history::toString);
            assertEquals(expected.map(Finding::triggeringIds), actual.map(Finding::triggeringIds));
            assertEquals(expected.map(f -> f.evidence().get("times")), actual.map(f -> f.evidence().get("times")));
            found += actual.isPresent() ? 1 : 0;
        }
        assertTrue(found > 300 && found < 2_700, "both outcomes are exercised: " + found);
    }

    /** PL-02 as first written: for each end, every event of the history tested against its window. */
    private static Optional<Finding> everyWindowAfresh(Thresholds t, List<Activity> history, Activity e) {
        for (Activity end : history) {
            if (end.at().isBefore(e.at()) || end.at().isAfter(e.at().plus(t.accountsPerIpWindow()))) {
                continue;
            }
            Map<String, Activity> first = new TreeMap<>();
            for (Activity a : history) {
                if (!a.at().isAfter(end.at()) && a.at().isAfter(end.at().minus(t.accountsPerIpWindow()))) {
                    first.merge(a.accountId(), a, (x, y) -> x.at().isAfter(y.at()) ? y : x);
                }
            }
            if (first.size() >= t.accountsPerIp()) {
                return Optional.of(new Finding("PL-02", "shared-ip", 0.8,
                        Map.of("times", first.values().stream().map(a -> a.at().toString()).toList()),
                        first.values().stream().map(Activity::eventId).toList(), List.copyOf(first.keySet())));
            }
        }
        return Optional.empty();
    }

    @Test
    void oneDeviceTwoAccountsEachUsingItTwiceButNotAFamilyBorrowingItOnce() {
        Activity a1 = on("acct-a", T, null, "v1:dev", "LOGIN", Map.of());
        Activity a2 = on("acct-a", T.plusSeconds(60), null, "v1:dev", "LOGIN", Map.of());
        Activity b1 = on("acct-b", T.plus(Duration.ofDays(3)), null, "v1:dev", "LOGIN", Map.of());
        assertTrue(detectors.sharedDevice(List.of(a1, a2, b1), b1).isEmpty(), "borrowed once");
        Activity b2 = on("acct-b", T.plus(Duration.ofDays(4)), null, "v1:dev", "LOGIN", Map.of());
        Finding f = detectors.sharedDevice(List.of(a1, a2, b1, b2), b2).orElseThrow();
        assertEquals(List.of("acct-a", "acct-b"), f.accounts());
        assertEquals(List.of(a2.eventId(), b2.eventId()).stream().sorted().toList(), f.triggeringIds());
    }

    @Test
    void oneClientRatingThreeAccountsHighlyWithinAWeek() {
        List<Activity> ratings = new ArrayList<>();
        ratings.add(on("acct-a", T, null, null, "RATING", Map.of("clientId", "client-9", "rating", 5)));
        ratings.add(on("acct-b", T.plus(Duration.ofDays(3)), null, null, "RATING", Map.of("clientId", "client-9", "rating", 4.5)));
        ratings.add(on("acct-c", T.plus(Duration.ofDays(6)), null, null, "RATING", Map.of("clientId", "client-9", "rating", 4.4)));
        assertTrue(detectors.ratingBurst(ratings, ratings.getLast()).isEmpty(), "4.4 is not a high rating");
        ratings.add(on("acct-d", T.plus(Duration.ofDays(7)), null, null, "RATING", Map.of("clientId", "client-9", "rating", "4.8")));
        assertTrue(detectors.ratingBurst(ratings, ratings.getLast()).isEmpty(), "the first is a week old");
        ratings.add(on("acct-e", T.plus(Duration.ofDays(6)), null, null, "RATING", Map.of("clientId", "client-9", "rating", 5)));
        assertEquals("PL-05", detectors.ratingBurst(ratings, ratings.getLast()).orElseThrow().code());
    }

    @Test
    void aClientWhoHiresSeveralFreelancersAWeekAndRatesTheirWorkIsOrdinary() {
        List<Activity> ratings = new ArrayList<>();
        for (String acct : List.of("acct-a", "acct-b", "acct-c", "acct-d")) {
            ratings.add(on(acct, T.plus(Duration.ofHours(20L * ratings.size())), null, null, "RATING",
                    Map.of("clientId", "agency-1", "rating", 5)));
        }
        // the client accepted a bid of every one of them: ratings for work
        assertTrue(detectors.ratingBurst(ratings, ratings.getLast(), account -> true).isEmpty());
        // of three it hired, one it did not: two boosted accounts are below the threshold of three
        assertTrue(detectors.ratingBurst(ratings, ratings.getLast(), account -> !account.equals("acct-d")).isEmpty());
        // it hired one of four: three boosted accounts
        Finding boosted = detectors.ratingBurst(ratings, ratings.getLast(), account -> account.equals("acct-a")).orElseThrow();
        assertEquals(List.of("acct-b", "acct-c", "acct-d"), boosted.accounts());
    }

    @Test
    void offPlatformRequestsInSeveralLanguagesAndNotOrdinaryMessages() {
        OffPlatformRequests requests = new OffPlatformRequests();
        assertEquals(List.of("OFF_PLATFORM_CONTACT"), codes(requests, "Let's continue on Telegram: t.me/fastdev99"));
        assertEquals(List.of("CRYPTO_PAYMENT"), codes(requests, "Can you pay in USDT (TRC20)? It is faster."));
        assertEquals(List.of("ACCOUNT_BORROWING"), codes(requests, "I can pay you monthly to use your Upwork account"));
        assertEquals(List.of("ACCOUNT_BORROWING"), codes(requests, "Хочу арендовать ваш аккаунт"));
        assertEquals(List.of("CRYPTO_PAYMENT"), codes(requests, "我们可以用USDT支付吗"));
        assertEquals(List.of("OFF_PLATFORM_CONTACT"), codes(requests, "텔레그램으로 연락주세요"));
        assertEquals(List.of("ACCOUNT_BORROWING"), codes(requests, "Cho tôi mượn tài khoản của bạn"));
        assertEquals(List.of("OFF_PLATFORM_CONTACT", "CRYPTO_PAYMENT"),
                codes(requests, "Escríbeme por WhatsApp, pago en USDT"));
        // ordinary messages, in any language, raise nothing
        assertEquals(List.of(), codes(requests, "I pushed the fix for the payment page; the signal handler is in place."));
        assertEquals(List.of(), codes(requests, "Добрый день! Отправил отчёт по задаче."));
        assertEquals(List.of(), codes(requests, "我已经完成了这个任务"));
    }

    private List<String> codes(OffPlatformRequests requests, String text) {
        return requests.inspect(on("acct-a", T, null, null, "MESSAGE", Map.of("text", text)))
                .map(f -> f.evidence().get("categories")).map(c -> ((List<?>) c).stream().map(String::valueOf).toList())
                .orElse(List.of());
    }
}
