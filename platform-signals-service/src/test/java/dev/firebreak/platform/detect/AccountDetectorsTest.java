package dev.firebreak.platform.detect;

import dev.firebreak.platform.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account-level platform detectors at their boundaries: below, at and above each threshold and window. Every
 * case goes through {@link AccountDetectors#inspect}, the code the topology runs, with the account's events arriving
 * one by one (in or out of time order) into an {@link InMemoryAccountHistory}.
 */
class AccountDetectorsTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final Map<String, GeoLocator.Place> PLACES = Map.of(
            "198.51.100.1", new GeoLocator.Place(51.5072, -0.1276, 20, "GB"),   // London
            "198.51.100.2", new GeoLocator.Place(40.7128, -74.0060, 20, "US"),  // New York, 5 570 km
            "198.51.100.3", new GeoLocator.Place(51.4545, -2.5879, 20, "GB"),   // Bristol, 170 km
            "198.51.100.4", new GeoLocator.Place(39.0392, 125.7625, 50, "KP")); // Pyongyang
    private static final String VPN_EXIT = "203.0.113.200";
    private final AccountDetectors detectors = new AccountDetectors(Thresholds.defaults(), Duration.ofHours(6),
            ip -> Optional.ofNullable(PLACES.get(ip)),
            ip -> ip.equals(VPN_EXIT) ? new AnonymisingNetwork.Verdict(Set.of("VPN"), 64500, "Example VPN", List.of("vpn-list")) : null);

    private int sequence;

    private Activity event(String type, Instant at, String ip, Map<String, Object> fields) {
        return new Activity("e-" + (++sequence), EventType.valueOf(type), "acct-1", "w-1", at, ip, null, fields);
    }

    /** The findings of one code as a new account's events arrive in the order given. */
    private List<Finding> arrive(String code, List<Activity> arrivals) {
        return arrive(detectors, code, arrivals);
    }

    private static List<Finding> arrive(AccountDetectors detectors, String code, List<Activity> arrivals) {
        InMemoryAccountHistory account = new InMemoryAccountHistory();
        List<Finding> found = new ArrayList<>();
        for (Activity a : arrivals) {
            account.inspect(detectors, a).stream().filter(f -> f.code().equals(code)).forEach(found::add);
        }
        return found;
    }

    /** The findings of one code on the last of the arrivals. */
    private List<Finding> onLast(String code, List<Activity> arrivals) {
        InMemoryAccountHistory account = new InMemoryAccountHistory();
        List<Finding> found = List.of();
        for (Activity a : arrivals) {
            found = account.inspect(detectors, a).stream().filter(f -> f.code().equals(code)).toList();
        }
        return found;
    }

    private static List<Activity> plus(List<Activity> events, Activity... more) {
        List<Activity> all = new ArrayList<>(events);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void manyIpsNeedsFiveDistinctIpsWithinTheHour() {
        List<Activity> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            four.add(event("LOGIN", T.plus(Duration.ofMinutes(10L * i)), "203.0.113." + i, Map.of()));
        }
        assertTrue(arrive("PL-01", four).isEmpty(), "four IPs: below");
        Activity fifth = event("LOGIN", T.plus(Duration.ofMinutes(59)), "203.0.113.9", Map.of());
        Finding f = onLast("PL-01", plus(four, fifth)).getFirst();
        assertEquals(5, ((List<?>) f.evidence().get("ips")).size());
        // the same IP again is not a sixth
        Activity repeat = event("LOGIN", T.plus(Duration.ofMinutes(59)), "203.0.113.0", Map.of());
        assertTrue(arrive("PL-01", plus(four, repeat)).isEmpty(), "a repeated IP does not count twice");
        // the fifth IP just outside the hour
        Activity late = event("LOGIN", T.plus(Duration.ofMinutes(60)), "203.0.113.9", Map.of());
        assertTrue(arrive("PL-01", plus(four, late)).isEmpty(), "the first IP fell out of the window");
    }

    @Test
    void manyIpsGivesTheSameDetectionWhateverTheArrivalOrder() {
        List<Activity> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(event("LOGIN", T.plus(Duration.ofMinutes(5L * i)), "203.0.113." + i, Map.of()));
        }
        Finding inOrder = arrive("PL-01", five).getFirst();
        // the second login arrives last (late): the same window, the same triggering events
        List<Activity> secondLate = plus(List.of(five.get(0)), five.get(2), five.get(3), five.get(4), five.get(1));
        assertEquals(inOrder.triggeringIds(), onLast("PL-01", secondLate).getFirst().triggeringIds());
    }

    @Test
    void impossibleTravelIsAboveAThousandKilometresAnHourBeyondTheLocationsAccuracy() {
        Activity london = event("LOGIN", T, "198.51.100.1", Map.of());
        Activity newYork = event("LOGIN", T.plus(Duration.ofHours(2)), "198.51.100.2", Map.of());
        assertEquals("IMPOSSIBLE_TRAVEL", onLast("PL-01", List.of(london, newYork)).getFirst().evidence().get("kind"));
        // a traveller: eight hours later is 700 km/h
        Activity flown = event("LOGIN", T.plus(Duration.ofHours(8)), "198.51.100.2", Map.of());
        assertTrue(arrive("PL-01", List.of(london, flown)).isEmpty(), "a flight is not impossible");
        // a late login between two others is checked against both neighbours
        Activity pyongyang = event("LOGIN", T.plus(Duration.ofMinutes(30)), "198.51.100.4", Map.of());
        assertTrue(!onLast("PL-01", List.of(london, flown, pyongyang)).isEmpty());
        // unknown locations say nothing
        Activity unknown = event("LOGIN", T.plus(Duration.ofMinutes(1)), "192.0.2.77", Map.of());
        assertTrue(arrive("PL-01", List.of(london, unknown)).isEmpty());
        // Bristol a minute later: 170 km apart, but accuracy 40 km: still far too fast
        Activity bristol = event("LOGIN", T.plus(Duration.ofMinutes(1)), "198.51.100.3", Map.of());
        assertTrue(!arrive("PL-01", List.of(london, bristol)).isEmpty());
        // without a geolocation database nothing is claimed
        AccountDetectors blind = new AccountDetectors(Thresholds.defaults(), Duration.ofHours(6), GeoLocator.NONE,
                AnonymisingNetwork.Lookup.NONE);
        InMemoryAccountHistory account = new InMemoryAccountHistory();
        account.inspect(blind, london);
        assertTrue(account.inspect(blind, newYork).isEmpty());
    }

    @Test
    void continuousActivityNeedsTwentyFourHoursWithoutAThirtyMinuteGap() {
        List<Activity> beats = new ArrayList<>();
        for (int i = 0; i <= 24 * 4; i++) { // every 15 minutes for 24 h
            beats.add(event("HEARTBEAT", T.plus(Duration.ofMinutes(15L * i)), null, Map.of()));
        }
        List<Finding> found = arrive("PL-03", beats);
        assertEquals(1, found.size(), "one run, one detection");
        assertEquals(List.of(beats.getFirst().eventId(), beats.getLast().eventId()), found.getFirst().triggeringIds());
        assertTrue(arrive("PL-03", beats.subList(0, beats.size() - 1)).isEmpty(), "23 h 45");
        // a 31-minute break in the middle splits the run
        List<Activity> broken = new ArrayList<>();
        for (Activity a : beats) {
            broken.add(a.at().isAfter(T.plus(Duration.ofHours(12))) ? new Activity(a.eventId(), a.type(), a.accountId(),
                    a.workerId(), a.at().plus(Duration.ofMinutes(16)), a.ip(), a.device(), a.fields()) : a);
        }
        assertTrue(arrive("PL-03", broken).isEmpty());
        // a night-shift worker: ten hours a day
        List<Activity> shifts = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < 40; i++) {
                shifts.add(event("HEARTBEAT", T.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(15L * i)), null, Map.of()));
            }
        }
        assertTrue(arrive("PL-03", shifts).isEmpty());
        // an event arriving late into the run's middle: the same detection, once
        List<Activity> lateMiddle = new ArrayList<>(beats);
        lateMiddle.add(lateMiddle.remove(10));
        List<Finding> late = arrive("PL-03", lateMiddle);
        assertEquals(1, late.size());
        assertEquals(found.getFirst().triggeringIds(), late.getFirst().triggeringIds());
        // two runs joined by a late event that closes their gap: the joined run is reported
        List<Activity> gapLast = new ArrayList<>(beats);
        Activity bridge = gapLast.remove(48);
        gapLast.remove(47);
        Activity joined = event("HEARTBEAT", bridge.at().minus(Duration.ofMinutes(5)), null, Map.of());
        gapLast.add(joined);
        assertEquals(List.of(beats.getFirst().eventId(), beats.getLast().eventId()),
                onLast("PL-03", gapLast).getFirst().triggeringIds());
    }

    /**
     * Issue 30, PL-03 from sessions. A freelancer at work twelve hours a day whose clients, in other time zones, write
     * through the night is not active through the night: only the holder's own events make a run. A shift that logs
     * out and the next that logs in are two sessions, also when the logout arrives late; the same hours with no
     * logout, or the holder's own messages through the night, are one run.
     */
    @Test
    void continuousActivityIsTheHoldersOwnWithinOneSession() {
        List<Activity> day = new ArrayList<>();
        List<Activity> night = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            Instant morning = T.plus(Duration.ofDays(d));
            for (int i = 0; i <= 12 * 4; i++) { // 10:00-22:00, every 15 minutes
                day.add(event("HEARTBEAT", morning.plus(Duration.ofMinutes(15L * i)), null, Map.of()));
            }
            for (int i = 1; i < 12 * 3; i++) { // 22:00-10:00, a client's message every 20 minutes
                night.add(event("MESSAGE", morning.plus(Duration.ofHours(12)).plus(Duration.ofMinutes(20L * i)), null,
                        Map.of("direction", "FROM_CLIENT", "text", "any news?")));
            }
        }
        List<Activity> clientsAtNight = new ArrayList<>(day);
        clientsAtNight.addAll(night);
        clientsAtNight.sort(java.util.Comparator.comparing(Activity::at));
        assertTrue(arrive("PL-03", clientsAtNight).isEmpty(), "clients' messages are not the holder's activity");
        List<Activity> repliesAtNight = new ArrayList<>(day);
        night.forEach(m -> repliesAtNight.add(new Activity(m.eventId(), m.type(), m.accountId(), m.workerId(), m.at(),
                null, null, Map.of("direction", "TO_CLIENT", "text", "on it"))));
        repliesAtNight.sort(java.util.Comparator.comparing(Activity::at));
        assertEquals(1, arrive("PL-03", repliesAtNight).size(), "the holder's own replies through the night are");

        // 26 hours of heartbeats every 15 minutes: one run; with a logout and a login ten minutes later at 12 h: two
        List<Activity> beats = new ArrayList<>();
        for (int i = 0; i <= 26 * 4; i++) {
            beats.add(event("HEARTBEAT", T.plus(Duration.ofMinutes(15L * i)), null, Map.of()));
        }
        assertEquals(1, arrive("PL-03", beats).size());
        Activity logout = event("LOGOUT", T.plus(Duration.ofHours(12)).plusSeconds(60), null, Map.of());
        Activity login = event("LOGIN", T.plus(Duration.ofHours(12)).plus(Duration.ofMinutes(10)), null, Map.of());
        List<Activity> shifts = new ArrayList<>(beats);
        shifts.addAll(List.of(logout, login));
        shifts.sort(java.util.Comparator.comparing(Activity::at));
        assertTrue(arrive("PL-03", shifts).isEmpty(), "two sessions");
        // the logout arriving late, at 20 h, splits the run it had joined
        List<Activity> lateLogout = new ArrayList<>(beats);
        lateLogout.add(48, login);
        lateLogout.add(20 * 4, logout);
        assertTrue(arrive("PL-03", lateLogout).isEmpty(), "two sessions, the logout late");
        // a logout before the run's first event, arriving last, changes nothing
        List<Activity> earlier = new ArrayList<>(beats);
        earlier.add(event("LOGOUT", T.minus(Duration.ofMinutes(5)), null, Map.of()));
        List<Finding> found = arrive("PL-03", earlier);
        assertEquals(1, found.size());
        assertEquals(beats.getFirst().eventId(), found.getFirst().triggeringIds().getFirst());
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
        assertTrue(arrive("PL-06", history).isEmpty(), "29 bids, 4 logins: below both");
        Activity thirtieth = event("BID", T.plus(Duration.ofHours(41)), null, Map.of());
        // 30 bids, 1 accepted = 3.3 % < 5 %
        assertEquals("LOW_ACCEPTANCE", onLast("PL-06", plus(history, thirtieth)).getFirst().evidence().get("kind"));
        // a second acceptance before the thirtieth bid: 2 of 30 = 6.7 %, and 30 bids over 4 logins is 7.5 per login
        Activity second = event("BID_ACCEPTED", T.plus(Duration.ofHours(40).plusMinutes(30)), null, Map.of());
        assertTrue(arrive("PL-06", plus(history, second, thirtieth)).isEmpty());
        // ten bids after one login
        List<Activity> perLogin = new ArrayList<>(List.of(event("LOGIN", T, null, Map.of())));
        for (int i = 0; i < 10; i++) {
            perLogin.add(event("BID", T.plusSeconds(60L * (i + 1)), null, Map.of()));
        }
        List<Finding> found = arrive("PL-06", perLogin);
        assertEquals(1, found.size());
        assertEquals("MANY_BIDS_PER_LOGIN", found.getFirst().evidence().get("kind"));
        // an ordinary freelancer: a login before every bid or two, some won
        List<Activity> ordinary = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ordinary.add(event("LOGIN", T.plus(Duration.ofHours(12L * i)), null, Map.of()));
            ordinary.add(event(i % 8 == 0 ? "BID_ACCEPTED" : "BID", T.plus(Duration.ofHours(12L * i).plusMinutes(5)), null, Map.of()));
        }
        assertTrue(arrive("PL-06", ordinary).isEmpty(), "an ordinary freelancer");
    }

    @Test
    void ownershipChangeAfterThirtyDaysOfDormancy() {
        List<String> all = List.of("EMAIL", "PHONE", "PAYOUT_ACCOUNT", "DEVICE");
        Activity last = event("LOGIN", T, null, Map.of());
        Activity change = event("OWNERSHIP_CHANGE", T.plus(Duration.ofDays(30)), null, Map.of("changed", all));
        assertEquals(0.85, onLast("PL-07", List.of(last, change)).getFirst().confidence());
        Activity soon = event("OWNERSHIP_CHANGE", T.plus(Duration.ofDays(29)), null, Map.of("changed", all));
        assertTrue(arrive("PL-07", List.of(last, soon)).isEmpty(), "29 days is not dormant");
        Activity twoThings = event("OWNERSHIP_CHANGE", T.plus(Duration.ofDays(60)), null, Map.of("changed", List.of("EMAIL", "PHONE")));
        assertTrue(arrive("PL-07", List.of(last, twoThings)).isEmpty(), "a new email and phone");
    }

    @Test
    void remoteAccessPortsAndTools() {
        assertTrue(!arrive("PL-09", List.of(event("PORT_CHECK", T, "203.0.113.5", Map.of("openPorts", List.of(443, 3389))))).isEmpty());
        assertTrue(arrive("PL-09", List.of(event("PORT_CHECK", T, "203.0.113.5", Map.of("openPorts", List.of(22, 443))))).isEmpty());
        assertEquals(0.85, arrive("PL-09", List.of(event("PORT_CHECK", T, null, Map.of("tool", "AnyDesk")))).getFirst().confidence());
    }

    @Test
    void anonymisingNetworksByWhatTheIntelligenceSays() {
        assertEquals(0.85, arrive("PL-08", List.of(event("LOGIN", T, VPN_EXIT, Map.of()))).getFirst().confidence());
        assertTrue(arrive("PL-08", List.of(event("LOGIN", T, "198.51.100.1", Map.of()))).isEmpty(), "a home connection");
    }

    @Test
    void offHoursNeedsSixtyPercentOfFiftyEventsOutsideTheDeclaredDay() {
        Activity created = event("ACCOUNT_CREATED", T.minus(Duration.ofDays(10)), null, Map.of("declaredTimezone", "Europe/London"));
        Instant night = Instant.parse("2026-11-21T02:00:00Z");  // 02:00 London
        Instant day = Instant.parse("2026-11-21T12:00:00Z");    // 12:00 London
        List<Activity> history = new ArrayList<>(List.of(created));
        for (int i = 0; i < 30; i++) {
            history.add(event("LOGIN", night.plusSeconds(60L * i), null, Map.of()));
        }
        for (int i = 0; i < 19; i++) {
            history.add(event("LOGIN", day.plusSeconds(60L * i), null, Map.of()));
        }
        assertTrue(arrive("PL-10", history).isEmpty(), "49 events: too few to judge");
        Activity fiftieth = event("LOGIN", day.plus(Duration.ofHours(1)), null, Map.of());
        List<Finding> found = arrive("PL-10", plus(history, fiftieth)); // 30 of 50 = 60 %
        assertEquals(1, found.size());
        // the time zone declared last: the account's events are counted again
        List<Activity> createdLast = plus(history.subList(1, history.size()), fiftieth, created);
        assertEquals(found.getFirst().triggeringIds(), onLast("PL-10", createdLast).getFirst().triggeringIds());
        // 30 of 51 is below 60 %
        List<Activity> dayFirst = new ArrayList<>(List.of(created));
        dayFirst.addAll(history.subList(31, history.size()));
        dayFirst.add(fiftieth);
        dayFirst.add(event("LOGIN", day.plus(Duration.ofHours(2)), null, Map.of()));
        dayFirst.addAll(history.subList(1, 31));
        assertTrue(arrive("PL-10", dayFirst).isEmpty(), "30 of 51 is below 60 %");

        // a night-shift worker who declared the hours is not flagged
        Activity nightShift = event("ACCOUNT_CREATED", T.minus(Duration.ofDays(10)), null,
                Map.of("declaredTimezone", "Europe/London", "declaredWorkingHours", "22:00-07:00"));
        List<Activity> shiftHistory = new ArrayList<>(List.of(nightShift));
        for (int i = 0; i < 50; i++) {
            shiftHistory.add(event("LOGIN", night.plusSeconds(60L * i), null, Map.of()));
        }
        assertTrue(arrive("PL-10", shiftHistory).isEmpty());
    }

    @Test
    void biddingBeforeVerification() {
        Activity bid = event("BID", T, null, Map.of());
        Activity verified = event("ACCOUNT_VERIFIED", T.plusSeconds(60), null, Map.of());
        assertTrue(!onLast("PL-13", List.of(bid, verified)).isEmpty(), "verified after bidding");
        // verified first: never, however long the account then works
        Activity after = event("BID", T.plusSeconds(120), null, Map.of());
        Activity later = event("LOGIN", T.plus(Duration.ofDays(2)), null, Map.of());
        assertTrue(arrive("PL-13", List.of(verified, after, later)).isEmpty());
        // a verification arriving late, dated before the first bid, within the lateness: not flagged
        Activity early = event("ACCOUNT_VERIFIED", T.minusSeconds(60), null, Map.of());
        assertTrue(arrive("PL-13", List.of(bid, early, later)).isEmpty());
        // no verification once the lateness has passed, where the tenant sends every verification: flagged, once
        AccountDetectors verifying = new AccountDetectors(dev.firebreak.kit.tenancy.TenantSettings.standalone(Thresholds.class,
                Map.of("firebreak.platform.verification-events", "true"), ""), Duration.ofHours(6), GeoLocator.NONE, ip -> null);
        List<Activity> unverified = List.of(bid, later, event("LOGIN", T.plus(Duration.ofDays(3)), null, Map.of()));
        assertEquals(1, arrive(verifying, "PL-13", unverified).size());
        // the ordinary case: a tenant that never sends verifications (the default) says nothing by their absence
        assertTrue(arrive("PL-13", unverified).isEmpty(), "every bidder of such a tenant would be flagged");
        // ... but a verification it does send after the bids is read, days later too
        assertEquals(1, arrive("PL-13", plus(unverified, event("ACCOUNT_VERIFIED", T.plus(Duration.ofDays(4)), null, Map.of()))).size());
    }

    @Test
    void offPlatformRequestsAreReadOnlyInTheWorkersOwnMessages() {
        String ask = "Let's move this to Telegram, I am there all day.";
        // the ordinary case: a client asks; the worker answers on the platform
        assertTrue(arrive("PL-12", List.of(event("MESSAGE", T, null, Map.of("direction", "FROM_CLIENT", "text", ask)),
                event("MESSAGE", T.plusSeconds(600), null, Map.of("direction", "TO_CLIENT",
                        "text", "I prefer to keep the communication here so that everything is documented.")))).isEmpty());
        // ordinary technical talk
        assertTrue(arrive("PL-12", List.of(event("MESSAGE", T, null, Map.of("direction", "TO_CLIENT", "text",
                "I pushed the cryptography module and the signal processing fix; share your ideas on the API in the ticket.")))).isEmpty());
        // the worker asking
        assertEquals(1, arrive("PL-12", List.of(event("MESSAGE", T, null, Map.of("direction", "TO_CLIENT", "text", ask)))).size());
    }

    @Test
    void reportsMapToTheirCodes() {
        assertEquals("PL-15", arrive("PL-15", List.of(event("INCIDENT", T, null, Map.of("kind", "SOURCE_CODE_THREAT")))).getFirst().code());
        assertEquals("PL-16", arrive("PL-16", List.of(event("INCIDENT", T, null, Map.of("kind", "BUG_BOUNTY")))).getFirst().code());
        assertEquals("PL-14", arrive("PL-14", List.of(event("ENGAGEMENT_REPORT", T, null, Map.of("kind", "PREPAYMENT_REQUEST")))).getFirst().code());
        Activity other = event("INCIDENT", T, null, Map.of("kind", "OTHER"));
        assertTrue(arrive("PL-14", List.of(other)).isEmpty() && arrive("PL-15", List.of(other)).isEmpty()
                && arrive("PL-16", List.of(other)).isEmpty());
    }

    @Test
    void slowRepliesNeedAMedianOfADayOverTenClientMessages() {
        List<Activity> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant asked = T.plus(Duration.ofDays(2L * i));
            history.add(event("MESSAGE", asked, null, Map.of("direction", "FROM_CLIENT")));
            history.add(event("MESSAGE", asked.plus(Duration.ofHours(i < 6 ? 25 : 1)), null, Map.of("direction", "TO_CLIENT")));
        }
        assertEquals(1, arrive("PL-17", history).size(), "median 25 h");
        assertTrue(arrive("PL-17", history.subList(0, 18)).isEmpty(), "nine client messages");
    }

    @Test
    void cryptoProjectsNeedHalfOfTenBids() {
        List<Activity> bids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bids.add(event("BID", T.plusSeconds(i), null, Map.of("tags", i < 5 ? List.of("web3", "solidity") : List.of("java"))));
        }
        assertEquals(1, arrive("PL-18", bids).size());
        assertTrue(arrive("PL-18", bids.subList(0, 9)).isEmpty(), "nine bids");
        List<Activity> fewer = new ArrayList<>(bids.subList(5, 10));
        fewer.addAll(bids.subList(0, 4));
        fewer.add(event("BID", T.plusSeconds(20), null, Map.of("tags", List.of("java"))));
        assertTrue(arrive("PL-18", fewer).isEmpty(), "4 of 10");
    }

    /**
     * Issue 30: a code judged on the whole history and reported once (PL-10, PL-17, PL-18) expires with its signal
     * while the behaviour may go on. Fifteen days after a report it is judged again on the events since, and reported
     * again (a new signal, saying since when) only if they still show it: an account that changed its ways is not.
     */
    @Test
    void aCodeReportedOnceIsReportedAgainWhileTheBehaviourGoesOnAndOnlyThen() {
        Activity created = event("ACCOUNT_CREATED", T.minus(Duration.ofDays(10)), null, Map.of("declaredTimezone", "Europe/London"));
        List<Activity> nights = new ArrayList<>(List.of(created));
        for (int i = 0; i < 50; i++) { // 02:00 London, first week
            nights.add(event("LOGIN", Instant.parse("2026-11-21T02:00:00Z").plusSeconds(60L * i), null, Map.of()));
        }
        List<Activity> goesOn = new ArrayList<>(nights);
        List<Activity> stopped = new ArrayList<>(nights);
        for (int i = 0; i < 50; i++) { // three weeks later
            Instant later = Instant.parse("2026-12-14T02:00:00Z").plus(Duration.ofDays(i / 10)).plusSeconds(60L * i);
            goesOn.add(event("LOGIN", later, null, Map.of()));
            stopped.add(event("LOGIN", later.plus(Duration.ofHours(10)), null, Map.of())); // 12:00 London
        }
        List<Finding> twice = arrive("PL-10", goesOn);
        assertEquals(2, twice.size());
        assertTrue(twice.get(1).evidence().get("explanation").toString().contains("the behaviour goes on"));
        assertTrue(!twice.get(0).triggeringIds().equals(twice.get(1).triggeringIds()), "a new signal");
        assertEquals(1, arrive("PL-10", stopped).size(), "the hours changed: not again");

        List<Activity> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // slow replies, then ten more a month later
            Instant asked = T.plus(Duration.ofDays(i < 10 ? 2L * i : 40 + 2L * i));
            replies.add(event("MESSAGE", asked, null, Map.of("direction", "FROM_CLIENT")));
            replies.add(event("MESSAGE", asked.plus(Duration.ofHours(30)), null, Map.of("direction", "TO_CLIENT")));
        }
        assertEquals(2, arrive("PL-17", replies).size());
        List<Activity> quicker = new ArrayList<>(replies.subList(0, 20));
        for (int i = 10; i < 20; i++) {
            Instant asked = T.plus(Duration.ofDays(40 + 2L * i));
            quicker.add(event("MESSAGE", asked, null, Map.of("direction", "FROM_CLIENT")));
            quicker.add(event("MESSAGE", asked.plus(Duration.ofHours(2)), null, Map.of("direction", "TO_CLIENT")));
        }
        assertEquals(1, arrive("PL-17", quicker).size(), "replies quicker since: not again");

        List<Activity> bids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bids.add(event("BID", T.plus(Duration.ofDays(i < 10 ? 0 : 20)).plusSeconds(i), null,
                    Map.of("tags", i % 2 == 0 ? List.of("web3") : List.of("java"))));
        }
        assertEquals(2, arrive("PL-18", bids).size());
        assertEquals(1, arrive("PL-18", bids.subList(0, 19)).size(), "nine bids since: not yet");
    }
}
