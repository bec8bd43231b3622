package dev.firebreak.payments;

import dev.firebreak.payments.detect.Finding;
import dev.firebreak.payments.detect.PayoutAccountDetector.Account;
import dev.firebreak.payments.detect.PayoutAccountDetector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The payout-account detectors at their boundaries. */
class PayoutAccountDetectorTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private final PayoutAccountDetector detector = new PayoutAccountDetector(PayoutAccountDetector.Settings.defaults());

    private static Account account(String worker, String holder, String hash, String country, String status, Instant at) {
        return new Account(worker, "Eleanor Rose Hartley", holder, "IBAN", hash, country, status, at);
    }

    private static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }

    @Test
    void theHoldersNameIsComparedWithTheWorkersAsNamesAre() {
        Account own = account("w1", "HARTLEY ELEANOR", "h1", "GB", "ACTIVE", T0);
        assertFalse(codes(detector.inspect(own, List.of(own), List.of(own))).contains("PM-01"), "reordered, middle name left out");
        Account other = account("w1", "Zhang Wei Trading Ltd", "h2", "GB", "ACTIVE", T0);
        List<Finding> findings = detector.inspect(other, List.of(other), List.of(other));
        Finding pm01 = findings.stream().filter(f -> f.code().equals("PM-01")).findFirst().orElseThrow();
        assertTrue(String.valueOf(pm01.evidence().get("explanation")).contains("below 0.85"));
    }

    @Test
    void aWorkersOwnCompanyIsShownButNotCounted() {
        // the ordinary case: a contractor invoicing through a one-person company that bears her name
        for (String company : List.of("Hartley Consulting Ltd", "HARTLEY SOFTWARE LIMITED", "Eleanor Hartley LLC",
                "Hartley Digital Sp. z o.o.", "Hartley Design GmbH")) {
            Account own = account("w1", company, "h-" + company.hashCode(), "GB", "ACTIVE", T0);
            Finding pm01 = detector.inspect(own, List.of(own), List.of(own)).stream().filter(f -> f.code().equals("PM-01"))
                    .findFirst().orElseThrow();
            assertEquals("ACCOUNT_HOLDER_OWN_COMPANY", pm01.evidence().get("kind"), company);
            assertTrue(pm01.confidence() < 0.5, "below what counts towards a tier: " + company);
        }
        // someone else's company, and a person of another name, are someone else
        for (String other : List.of("Marsh Consulting Ltd", "Zhang Wei Trading Ltd", "Marcus Hale", "Hartley")) {
            Account account = account("w1", other, "o-" + other.hashCode(), "GB", "ACTIVE", T0);
            var pm01 = detector.inspect(account, List.of(account), List.of(account)).stream()
                    .filter(f -> f.code().equals("PM-01")).findFirst();
            assertTrue(pm01.isEmpty() || !"ACCOUNT_HOLDER_OWN_COMPANY".equals(pm01.get().evidence().get("kind")), other);
        }
    }

    @Test
    void twoChangesWithinNinetyDaysAreSwitchingAndOneIsNot() {
        Account a = account("w1", "Eleanor Hartley", "a", "GB", "ACTIVE", T0);
        Account b = account("w1", "Eleanor Hartley", "b", "GB", "ACTIVE", T0.plus(Duration.ofDays(30)));
        assertFalse(codes(detector.inspect(b, List.of(a, b), List.of(b))).contains("PM-02"), "one change");
        Account c = account("w1", "Eleanor Hartley", "c", "GB", "ACTIVE", T0.plus(Duration.ofDays(89)));
        assertTrue(codes(detector.inspect(c, List.of(a, b, c), List.of(c))).contains("PM-02"), "two changes inside 90 days");
        Account late = account("w1", "Eleanor Hartley", "c", "GB", "ACTIVE", T0.plus(Duration.ofDays(125)));
        assertFalse(codes(detector.inspect(late, List.of(a, b, late), List.of(late))).contains("PM-02"),
                "the first account is outside the window: one change within it");
    }

    @Test
    void aNewAccountAfterABlockedOneIsSwitching() {
        Account blocked = account("w1", "Eleanor Hartley", "a", "GB", "BLOCKED", T0);
        Account next = account("w1", "Eleanor Hartley", "b", "GB", "ACTIVE", T0.plus(Duration.ofDays(200)));
        Finding pm02 = detector.inspect(next, List.of(blocked, next), List.of(next)).stream()
                .filter(f -> f.code().equals("PM-02")).findFirst().orElseThrow();
        assertEquals("a new payout account after a blocked one", pm02.evidence().get("explanation"));
        // a status update of a known account is not a new account
        Account again = account("w1", "Eleanor Hartley", "a", "GB", "ACTIVE", T0.plus(Duration.ofDays(1)));
        assertFalse(codes(detector.inspect(again, List.of(blocked, again), List.of(blocked, again))).contains("PM-02"));
    }

    @Test
    void highRiskJurisdictionsAreTheTenantsList() {
        Account vn = account("w1", "Eleanor Hartley", "a", "VN", "ACTIVE", T0);
        assertTrue(codes(detector.inspect(vn, List.of(vn), List.of(vn))).contains("PM-07"));
        Account gb = account("w1", "Eleanor Hartley", "b", "GB", "ACTIVE", T0);
        assertFalse(codes(detector.inspect(gb, List.of(gb), List.of(gb))).contains("PM-07"));
        PayoutAccountDetector custom = new PayoutAccountDetector(new PayoutAccountDetector.Settings(0.85,
                Duration.ofDays(90), 2, 3, Set.of("GB")));
        assertTrue(codes(custom.inspect(gb, List.of(gb), List.of(gb))).contains("PM-07"));
        assertFalse(codes(custom.inspect(vn, List.of(vn), List.of(vn))).contains("PM-07"));
    }

    @Test
    void aWalletPayoutIsPm10() {
        Account wallet = new Account("w1", "Eleanor Hartley", "Eleanor Hartley", "WALLET", "x", null, "ACTIVE", T0);
        assertEquals(List.of("PM-10"), codes(detector.inspect(wallet, List.of(wallet), List.of(wallet))));
    }

    @Test
    void threeWorkersOnOneAccountIsAnEnablersAccount() {
        List<Account> same = new ArrayList<>();
        same.add(account("w1", "Eleanor Hartley", "shared", "GB", "ACTIVE", T0));
        Account second = account("w2", "Eleanor Hartley", "shared", "GB", "ACTIVE", T0.plusSeconds(60));
        same.add(second);
        assertFalse(codes(detector.inspect(second, List.of(second), same)).contains("PM-11"), "two workers");
        Account third = account("w3", "Eleanor Hartley", "shared", "GB", "ACTIVE", T0.plusSeconds(120));
        same.add(third);
        same.add(account("w3", "Eleanor Hartley", "shared", "GB", "ACTIVE", T0.plusSeconds(180)));
        Finding pm11 = detector.inspect(third, List.of(third), same).stream().filter(f -> f.code().equals("PM-11"))
                .findFirst().orElseThrow();
        assertEquals(List.of("w1", "w2", "w3"), pm11.workers());
    }
}
