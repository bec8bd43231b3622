package dev.firebreak.platform;

import dev.firebreak.platform.detect.AccountDetectors;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.Finding;
import dev.firebreak.platform.detect.GeoLocator;
import dev.firebreak.platform.detect.Thresholds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The account-level platform detectors at their boundaries: below, at and above each threshold and window. */
class AccountDetectorsTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final Map<String, GeoLocator.Place> PLACES = Map.of(
            "198.51.100.1", new GeoLocator.Place(51.5072, -0.1276, 20, "GB"),   // London
            "198.51.100.2", new GeoLocator.Place(40.7128, -74.0060, 20, "US"),  // New York, 5 570 km
            "198.51.100.3", new GeoLocator.Place(51.4545, -2.5879, 20, "GB"),   // Bristol, 170 km
            "198.51.100.4", new GeoLocator.Place(39.0392, 125.7625, 50, "KP")); // Pyongyang
    private final AccountDetectors detectors = new AccountDetectors(Thresholds.defaults(),
            ip -> Optional.ofNullable(PLACES.get(ip)));

    private int sequence;

    private Activity event(String type, Instant at, String ip, Map<String, Object> fields) {
        return new Activity("e-" + (++sequence), type, "acct-1", "w-1", at, ip, null, fields);
    }

    private static List<Activity> sorted(List<Activity> events) {
        List<Activity> copy = new ArrayList<>(events);
        copy.sort(Comparator.comparing(Activity::at).thenComparing(Activity::eventId));
        return copy;
    }

    @Test
    void manyIpsNeedsFiveDistinctIpsWithinTheHour() {
        List<Activity> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(event("LOGIN", T.plus(Duration.ofMinutes(10L * i)), "203.0.113." + i, Map.of()));
        }
        assertTrue(detectors.manyIps(four, four.getLast()).isEmpty(), "four IPs: below");
        List<Activity> five = new ArrayList<>(four);
        Activity fifth = event("LOGIN", T.plus(Duration.ofMinutes(59)), "203.0.113.9", Map.of());
        five.add(fifth);
        Finding f = detectors.manyIps(five, fifth).orElseThrow();
        assertEquals("PL-01", f.code());
        assertEquals(5, ((List<?>) f.evidence().get("ips")).size());
        // the same IP again is not a sixth
        Activity repeat = event("LOGIN", T.plus(Duration.ofMinutes(59)), "203.0.113.0", Map.of());
        List<Activity> withRepeat = sorted(List.of(four.get(0), four.get(1), four.get(2), four.get(3), repeat));
        assertTrue(detectors.manyIps(withRepeat, repeat).isEmpty(), "a repeated IP does not count twice");
        // the fifth IP just outside the hour
        Activity late = event("LOGIN", T.plus(Duration.ofMinutes(60)), "203.0.113.9", Map.of());
        List<Activity> outside = sorted(List.of(four.get(0), four.get(1), four.get(2), four.get(3), late));
        assertTrue(detectors.manyIps(outside, late).isEmpty(), "the first IP fell out of the window");
    }

    @Test
    void manyIpsGivesTheSameDetectionWhateverTheArrivalOrder() {
        List<Activity> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(event("LOGIN", T.plus(Duration.ofMinutes(5L * i)), "203.0.113." + i, Map.of()));
        }
        Finding inOrder = detectors.manyIps(five, five.getLast()).orElseThrow();
        // the second login arrives last (late): the same window, the same triggering events
        Finding late = detectors.manyIps(five, five.get(1)).orElseThrow();
        assertEquals(inOrder.triggeringIds(), late.triggeringIds());
    }

    @Test
    void impossibleTravelIsAboveAThousandKilometresAnHourBeyondTheLocationsAccuracy() {
        Activity london = event("LOGIN", T, "198.51.100.1", Map.of());
        Activity newYork = event("LOGIN", T.plus(Duration.ofHours(2)), "198.51.100.2", Map.of());
        assertEquals("PL-01", detectors.impossibleTravel(List.of(london, newYork), newYork).orElseThrow().code());
        // a traveller: eight hours later is 700 km/h
        Activity flown = event("LOGIN", T.plus(Duration.ofHours(8)), "198.51.100.2", Map.of());
        assertTrue(detectors.impossibleTravel(List.of(london, flown), flown).isEmpty());
        // a late login between two others is checked against both neighbours
        Activity pyongyang = event("LOGIN", T.plus(Duration.ofMinutes(30)), "198.51.100.4", Map.of());
        List<Activity> history = sorted(List.of(london, pyongyang, flown));
        assertTrue(detectors.impossibleTravel(history, pyongyang).isPresent());
        // unknown locations say nothing
        Activity unknown = event("LOGIN", T.plus(Duration.ofMinutes(1)), "192.0.2.77", Map.of());
        assertTrue(detectors.impossibleTravel(List.of(london, unknown), unknown).isEmpty());
        // Bristol a minute later: 170 km apart, but accuracy 40 km: still far too fast
        Activity bristol = event("LOGIN", T.plus(Duration.ofMinutes(1)), "198.51.100.3", Map.of());
        assertTrue(detectors.impossibleTravel(List.of(london, bristol), bristol).isPresent());
        // without a geolocation database nothing is claimed
        assertTrue(new AccountDetectors(Thresholds.defaults(), GeoLocator.NONE)
                .impossibleTravel(List.of(london, newYork), newYork).isEmpty());
    }

    @Test
    void continuousActivityNeedsTwentyFourHoursWithoutAThirtyMinuteGap() {
        List<Activity> beats = new ArrayList<>();
        for (int i = 0; i <= 24 * 4; i++) { // every 15 minutes for 24 h
            beats.add(event("HEARTBEAT", T.plus(Duration.ofMinutes(15L * i)), null, Map.of()));
        }
        Finding f = detectors.continuousActivity(beats, beats.getLast()).orElseThrow();
        assertEquals("PL-03", f.code());
        List<Activity> short1 = beats.subList(0, beats.size() - 1); // 23 h 45
        assertTrue(detectors.continuousActivity(short1, short1.getLast()).isEmpty());
        // a 31-minute break in the middle splits the run
        List<Activity> broken = new ArrayList<>();
        for (Activity a : beats) {
            broken.add(a.at().isAfter(T.plus(Duration.ofHours(12))) ? new Activity(a.eventId(), a.type(), a.accountId(),
                    a.workerId(), a.at().plus(Duration.ofMinutes(16)), a.ip(), a.device(), a.fields()) : a);
        }
        assertTrue(detectors.continuousActivity(broken, broken.getLast()).isEmpty());
        // a night-shift worker: ten hours a day
        List<Activity> shifts = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < 40; i++) {
                shifts.add(event("HEARTBEAT", T.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(15L * i)), null, Map.of()));
            }
        }
        assertTrue(detectors.continuousActivity(shifts, shifts.getLast()).isEmpty());
        // the same run found from any of its events is the same detection
        assertEquals(f.triggeringIds(), detectors.continuousActivity(beats, beats.get(10)).orElseThrow().triggeringIds());
    }

    @Test
    void biddingNeedsThirtyBidsUnderFivePercentOrTenBidsPerLogin() {
        List<Activity> history = new ArrayList<>();
        history.add(event("LOGIN", T, null, Map.of()));
        history.add(event("LOGIN", T.plusSeconds(60), null, Map.of()));
        history.add(event("LOGIN", T.plusSeconds(120), null, Map.of()));
        history.add(event("LOGIN", T.plusSeconds(180), null, Map.of()));
        for (int i = 0; i < 29; i++) {
            history.add(event("BID", T.plus(Duration.ofHours(i + 1)), null, Map.of()));
        }
        history.add(event("BID_ACCEPTED", T.plus(Duration.ofHours(40)), null, Map.of()));
        assertTrue(detectors.biddingPattern(history, history.getLast()).isEmpty(), "29 bids, 4 logins: below both");
        Activity thirtieth = event("BID", T.plus(Duration.ofHours(41)), null, Map.of());
        history.add(thirtieth);
        // 30 bids, 1 accepted = 3.3 % < 5 %
        assertEquals("LOW_ACCEPTANCE", detectors.biddingPattern(history, thirtieth).orElseThrow().evidence().get("kind"));
        history.add(event("BID_ACCEPTED", T.plus(Duration.ofHours(42)), null, Map.of()));
        // 2 of 30 = 6.7 %: not low any more, and 30 bids over 4 logins is 7.5 per login
        assertTrue(detectors.biddingPattern(history, history.getLast()).isEmpty());
        // ten bids after one login
        List<Activity> perLogin = new ArrayList<>(List.of(event("LOGIN", T, null, Map.of())));
        for (int i = 0; i < 10; i++) {
            perLogin.add(event("BID", T.plusSeconds(60L * (i + 1)), null, Map.of()));
        }
        assertEquals("MANY_BIDS_PER_LOGIN", detectors.biddingPattern(perLogin, perLogin.getLast()).orElseThrow()
                .evidence().get("kind"));
    }

    @Test
    void ownershipChangeAfterThirtyDaysOfDormancy() {
        Activity last = event("LOGIN", T, null, Map.of());
        Activity change = event("OWNERSHIP_CHANGE", T.plus(Duration.ofDays(30)), null,
                Map.of("changed", List.of("EMAIL", "PHONE", "PAYOUT_ACCOUNT", "DEVICE")));
        assertEquals(0.85, detectors.ownershipChange(List.of(last, change), change).orElseThrow().confidence());
        Activity soon = event("OWNERSHIP_CHANGE", T.plus(Duration.ofDays(29)), null,
                Map.of("changed", List.of("EMAIL", "PHONE", "PAYOUT_ACCOUNT", "DEVICE")));
        assertTrue(detectors.ownershipChange(List.of(last, soon), soon).isEmpty(), "29 days is not dormant");
        Activity twoThings = event("OWNERSHIP_CHANGE", T.plus(Duration.ofDays(60)), null, Map.of("changed", List.of("EMAIL", "PHONE")));
        assertTrue(detectors.ownershipChange(List.of(last, twoThings), twoThings).isEmpty(), "a new email and phone");
    }

    @Test
    void remoteAccessPortsAndTools() {
        assertTrue(detectors.remoteAccess(event("PORT_CHECK", T, "203.0.113.5", Map.of("openPorts", List.of(443, 3389)))).isPresent());
        assertTrue(detectors.remoteAccess(event("PORT_CHECK", T, "203.0.113.5", Map.of("openPorts", List.of(22, 443)))).isEmpty());
        assertEquals(0.85, detectors.remoteAccess(event("PORT_CHECK", T, null, Map.of("tool", "AnyDesk"))).orElseThrow().confidence());
    }

    @Test
    void offHoursNeedsSixtyPercentOfFiftyEventsOutsideTheDeclaredDay() {
        Activity created = event("ACCOUNT_CREATED", T.minus(Duration.ofDays(10)), null, Map.of("declaredTimezone", "Europe/London"));
        List<Activity> history = new ArrayList<>(List.of(created));
        Instant night = Instant.parse("2026-11-21T02:00:00Z");  // 02:00 London
        Instant day = Instant.parse("2026-11-21T12:00:00Z");    // 12:00 London
        for (int i = 0; i < 30; i++) {
            history.add(event("LOGIN", night.plusSeconds(60L * i), null, Map.of()));
        }
        for (int i = 0; i < 19; i++) {
            history.add(event("LOGIN", day.plusSeconds(60L * i), null, Map.of()));
        }
        List<Activity> h = sorted(history);
        assertTrue(detectors.offHours(h, h.getLast()).isEmpty(), "49 events: too few to judge");
        Activity fiftieth = event("LOGIN", day.plus(Duration.ofHours(1)), null, Map.of());
        history.add(fiftieth);
        h = sorted(history);
        assertEquals("PL-10", detectors.offHours(h, fiftieth).orElseThrow().code()); // 30 of 50 = 60 %
        history.add(event("LOGIN", day.plus(Duration.ofHours(2)), null, Map.of()));
        h = sorted(history);
        assertTrue(detectors.offHours(h, h.getLast()).isEmpty(), "30 of 51 is below 60 %");

        // a night-shift worker who declared the hours is not flagged
        Activity nightShift = event("ACCOUNT_CREATED", T.minus(Duration.ofDays(10)), null,
                Map.of("declaredTimezone", "Europe/London", "declaredWorkingHours", "22:00-07:00"));
        List<Activity> shiftHistory = new ArrayList<>(List.of(nightShift));
        for (int i = 0; i < 50; i++) {
            shiftHistory.add(event("LOGIN", night.plusSeconds(60L * i), null, Map.of()));
        }
        assertTrue(detectors.offHours(shiftHistory, shiftHistory.getLast()).isEmpty());
    }

    @Test
    void biddingBeforeVerification() {
        Activity bid = event("BID", T, null, Map.of());
        Activity verified = event("ACCOUNT_VERIFIED", T.plusSeconds(60), null, Map.of());
        assertTrue(detectors.beforeVerification(List.of(bid, verified), bid).isPresent());
        Activity after = event("BID", T.plusSeconds(120), null, Map.of());
        assertTrue(detectors.beforeVerification(List.of(verified, after), after).isEmpty());
    }

    @Test
    void reportsMapToTheirCodes() {
        assertEquals("PL-15", detectors.report(event("INCIDENT", T, null, Map.of("kind", "SOURCE_CODE_THREAT"))).orElseThrow().code());
        assertEquals("PL-16", detectors.report(event("INCIDENT", T, null, Map.of("kind", "BUG_BOUNTY"))).orElseThrow().code());
        assertEquals("PL-14", detectors.report(event("ENGAGEMENT_REPORT", T, null, Map.of("kind", "PREPAYMENT_REQUEST"))).orElseThrow().code());
        assertTrue(detectors.report(event("INCIDENT", T, null, Map.of("kind", "OTHER"))).isEmpty());
    }

    @Test
    void slowRepliesNeedAMedianOfADayOverTenClientMessages() {
        List<Activity> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant asked = T.plus(Duration.ofDays(2L * i));
            history.add(event("MESSAGE", asked, null, Map.of("direction", "FROM_CLIENT")));
            history.add(event("MESSAGE", asked.plus(Duration.ofHours(i < 6 ? 25 : 1)), null, Map.of("direction", "TO_CLIENT")));
        }
        assertTrue(detectors.slowReplies(history, history.getLast()).isPresent(), "median 25 h");
        List<Activity> nine = history.subList(0, 18);
        assertTrue(detectors.slowReplies(nine, nine.getLast()).isEmpty(), "nine client messages");
    }

    @Test
    void cryptoProjectsNeedHalfOfTenBids() {
        List<Activity> bids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bids.add(event("BID", T.plusSeconds(i), null, Map.of("tags", i < 5 ? List.of("web3", "solidity") : List.of("java"))));
        }
        assertTrue(detectors.cryptoProjects(bids, bids.getLast()).isPresent());
        assertTrue(detectors.cryptoProjects(bids.subList(0, 9), bids.get(8)).isEmpty(), "nine bids");
        List<Activity> fewer = new ArrayList<>(bids.subList(5, 10));
        fewer.addAll(bids.subList(0, 4));
        fewer.add(event("BID", T.plusSeconds(20), null, Map.of("tags", List.of("java"))));
        assertFalse(detectors.cryptoProjects(sorted(fewer), fewer.getLast()).isPresent(), "4 of 10");
    }
}
