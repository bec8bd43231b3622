package dev.firebreak.payments.detect;

import dev.firebreak.kit.findings.Evidence;
import dev.firebreak.names.NameMatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The payout-account rows of RED-FLAGS.md, as a pure function of a new payout account and what the tenant holds:
 * <ul>
 *   <li>PM-01 the holder's name is not the worker's (name-matching score below {@code sameNameScore});</li>
 *   <li>PM-02 ≥ 2 account changes within {@code switchWindow}, or a new account after a blocked one;</li>
 *   <li>PM-07 the account's country is on the tenant's high-risk list;</li>
 *   <li>PM-10 a crypto wallet as a payout account;</li>
 *   <li>PM-11 one account receiving payouts for ≥ {@code sharedAccountWorkers} workers (a signal per worker).</li>
 * </ul>
 * Nationality plays no part: the jurisdiction is the account's, from its IBAN, BIC or declared bank country.
 */
public final class PayoutAccountDetector {

    /** A payout account as the detector needs it (the account only as its keyed hash). */
    public record Account(String workerId, String workerName, String holderName, String kind, String accountHash,
                          String country, String status, Instant observedAt) {

        String origin() {
            return "payout:" + accountHash + "@" + observedAt;
        }
    }

    public record Settings(double sameNameScore, Duration switchWindow, int switches, int sharedAccountWorkers,
                           Set<String> highRiskCountries) {
        public static Settings defaults() {
            return DetectionSettings.payouts(DetectionSettings.defaults());
        }
    }

    private static final NameMatcher NAMES = new NameMatcher();

    private final Settings settings;

    public PayoutAccountDetector(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param added          the new account
     * @param workerAccounts the worker's payout accounts, the new one included
     * @param sameAccount    every payout account of the tenant with the same account hash, the new one included
     */
    public List<Finding> inspect(Account added, List<Account> workerAccounts, List<Account> sameAccount) {
        List<Finding> findings = new ArrayList<>();
        holderName(added).ifPresent(findings::add);
        switching(added, workerAccounts).ifPresent(findings::add);
        if (added.country() != null && settings.highRiskCountries().contains(added.country())) {
            findings.add(new Finding("PM-07", "high-risk-jurisdiction", 0.9, Evidence.of(
                    "kind", "HIGH_RISK_DESTINATION", "country", added.country(),
                    "explanation", "payout account in " + added.country() + ", on the tenant's high-risk list "
                            + new TreeSet<>(settings.highRiskCountries())), List.of(added.origin()),
                    List.of(added.workerId())));
        }
        if (added.kind().equals("WALLET")) {
            findings.add(new Finding("PM-10", "crypto-payout", 0.9, Evidence.of("kind", "CRYPTO_PAYOUT_ACCOUNT",
                    "explanation", "the worker is paid into a crypto wallet"), List.of(added.origin()),
                    List.of(added.workerId())));
        }
        shared(added, sameAccount).ifPresent(findings::add);
        return findings;
    }

    private Optional<Finding> holderName(Account added) {
        NameMatcher.Match match = NAMES.compare(added.workerName(), added.holderName());
        if (match.score() >= settings.sameNameScore()) {
            return Optional.empty();
        }
        Optional<String> company = OwnCompany.of(added.holderName(), added.workerName());
        if (company.isPresent()) {
            // shown to an analyst, below the 0.5 that counts towards a tier: one's own company is not someone else
            return Optional.of(new Finding("PM-01", "payee-name-mismatch", 0.3, Evidence.of(
                    "kind", "ACCOUNT_HOLDER_OWN_COMPANY", "company", company.get(),
                    "explanation", "the account holder is a company bearing the worker's name (" + company.get()
                            + "): the worker's own company, most likely"),
                    List.of(added.origin()), List.of(added.workerId())));
        }
        return Optional.of(new Finding("PM-01", "payee-name-mismatch",
                Math.min(0.95, 0.6 + (settings.sameNameScore() - match.score()) / 2), Evidence.of(
                "kind", "ACCOUNT_HOLDER_NOT_WORKER", "nameScore", match.score(), "threshold", settings.sameNameScore(),
                "comparison", match.explanation().isEmpty() ? "no name part in common" : match.explanation(),
                "explanation", "the account holder's name scores " + match.score() + " against the worker's name held by"
                        + " the tenant (below " + settings.sameNameScore() + ")"),
                List.of(added.origin()), List.of(added.workerId())));
    }

    private Optional<Finding> switching(Account added, List<Account> workerAccounts) {
        // first sighting of each distinct account of the worker, oldest first
        Map<String, Account> firstSeen = new LinkedHashMap<>();
        workerAccounts.stream().sorted(Comparator.comparing(Account::observedAt))
                .forEach(a -> firstSeen.putIfAbsent(a.accountHash(), a));
        Account first = firstSeen.get(added.accountHash());
        if (first == null || !first.observedAt().equals(added.observedAt())) {
            return Optional.empty(); // not a new account: a status update of a known one
        }
        Instant from = added.observedAt().minus(settings.switchWindow());
        List<Account> inWindow = firstSeen.values().stream()
                .filter(a -> !a.observedAt().isBefore(from) && !a.observedAt().isAfter(added.observedAt())).toList();
        // a change is a new account that followed another: every account in the window but the worker's very first
        Account veryFirst = firstSeen.values().iterator().next();
        int changes = (int) inWindow.stream().filter(a -> a != veryFirst).count();
        List<Account> blockedBefore = workerAccounts.stream().filter(a -> !a.accountHash().equals(added.accountHash())
                && a.status().equals("BLOCKED") && !a.observedAt().isAfter(added.observedAt())).toList();
        if (changes < settings.switches() && blockedBefore.isEmpty()) {
            return Optional.empty();
        }
        List<String> triggering = new ArrayList<>();
        inWindow.forEach(a -> triggering.add(a.origin()));
        blockedBefore.forEach(a -> triggering.add(a.origin()));
        String why = !blockedBefore.isEmpty() ? "a new payout account after a blocked one"
                : changes + " payout account changes within " + settings.switchWindow().toDays() + " days";
        return Optional.of(new Finding("PM-02", "account-switching", blockedBefore.isEmpty() ? 0.7 : 0.85,
                Evidence.of("kind", "ACCOUNT_SWITCHING", "changes", changes, "blockedAccounts",
                        blockedBefore.stream().map(Account::accountHash).distinct().toList(),
                        "accounts", inWindow.stream().map(a -> Map.of("account", a.accountHash(),
                                "firstSeen", a.observedAt().toString())).toList(),
                        "explanation", why), triggering, List.of(added.workerId())));
    }

    private Optional<Finding> shared(Account added, List<Account> sameAccount) {
        TreeSet<String> workers = new TreeSet<>();
        sameAccount.forEach(a -> workers.add(a.workerId()));
        if (workers.size() < settings.sharedAccountWorkers()) {
            return Optional.empty();
        }
        return Optional.of(new Finding("PM-11", "shared-beneficiary", 0.9, Evidence.of(
                "kind", "ONE_ACCOUNT_SEVERAL_WORKERS", "account", added.accountHash(), "workers", List.copyOf(workers),
                "explanation", "one payout account (" + added.accountHash().substring(0, Math.min(12, added.accountHash().length()))
                        + "…) receives payouts for " + workers.size() + " workers"),
                List.of("account:" + added.accountHash(), "workers:" + String.join(",", workers)), List.copyOf(workers)));
    }

}
