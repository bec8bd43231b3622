package dev.firebreak.payments.detect;

import dev.firebreak.kit.findings.Evidence;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * The per-transfer rows of RED-FLAGS.md, as a pure function of a transfer and what the tenant's transfers show
 * around it (the service queries those facts, indexed, in the transfer's neighbourhood only):
 * <ul>
 *   <li>PM-03 one account used by ≥ 2 distinct parties (payer or payee side);</li>
 *   <li>PM-04 one device on ≥ 2 parties;</li>
 *   <li>PM-05 ≥ {@code velocity} outgoing transfers of a payer within {@code velocityWindow} (event time), and more
 *       than the tenant's baseline: where the tenant's payers ordinarily send more in a day (an EMI's merchants, an
 *       agency's payroll), the bar is what 99 % of its payer-days stay at or under;</li>
 *   <li>PM-07 a payee account in a high-risk jurisdiction;</li>
 *   <li>PM-12 a debit of at most {@code smallDebit} initiated by someone other than the payer.</li>
 * </ul>
 */
public final class TransferDetector {

    public record Settings(int velocity, Duration velocityWindow, BigDecimal smallDebit, Set<String> highRiskCountries,
                           Duration cycleWindow, int cycleLength, Duration pathWindow, int pathHops,
                           Duration fanWindow, int fanIn) {
        public static Settings defaults() {
            return DetectionSettings.transfers(DetectionSettings.defaults());
        }
    }

    /** The new transfer, accounts and devices as keyed hashes. */
    public record Transfer(String transferId, Instant occurredAt, String payer, String payerAccount, String payerDevice,
                           String payee, String payeeAccount, String payeeCountry, String payeeDevice,
                           BigDecimal amount, String currency, String workerId, String initiatedBy) {
    }

    /**
     * What the tenant's transfers show around this one. {@code tenantBaseline}: the most outgoing transfers in a day
     * that 99 % of the tenant's payer-days of the last 30 days stay at or under (0 while the tenant has too few to
     * say; see {@code TransferService}).
     */
    public record Neighbourhood(SortedSet<String> partiesOnPayerAccount, SortedSet<String> partiesOnPayeeAccount,
                                SortedSet<String> partiesOnPayerDevice, SortedSet<String> partiesOnPayeeDevice,
                                List<String> payerOutgoingInWindow, int tenantBaseline) {

        public Neighbourhood(SortedSet<String> partiesOnPayerAccount, SortedSet<String> partiesOnPayeeAccount,
                             SortedSet<String> partiesOnPayerDevice, SortedSet<String> partiesOnPayeeDevice,
                             List<String> payerOutgoingInWindow) {
            this(partiesOnPayerAccount, partiesOnPayeeAccount, partiesOnPayerDevice, partiesOnPayeeDevice,
                    payerOutgoingInWindow, 0);
        }
    }

    private final Settings settings;

    public TransferDetector(Settings settings) {
        this.settings = settings;
    }

    public List<Finding> inspect(Transfer t, Neighbourhood n) {
        List<Finding> findings = new ArrayList<>();
        sharedAccount(t.payerAccount(), n.partiesOnPayerAccount()).ifPresent(findings::add);
        if (!t.payeeAccount().equals(t.payerAccount())) {
            sharedAccount(t.payeeAccount(), n.partiesOnPayeeAccount()).ifPresent(findings::add);
        }
        sharedDevice(t.payerDevice(), n.partiesOnPayerDevice()).ifPresent(findings::add);
        if (t.payeeDevice() != null && !t.payeeDevice().equals(t.payerDevice())) {
            sharedDevice(t.payeeDevice(), n.partiesOnPayeeDevice()).ifPresent(findings::add);
        }
        // the bar: the catalogue's count, or more than the tenant's ordinary busiest payer-days
        int bar = Math.max(settings.velocity(), n.tenantBaseline() + 1);
        if (n.payerOutgoingInWindow().size() >= bar) {
            List<String> ids = n.payerOutgoingInWindow();
            findings.add(new Finding("PM-05", "transfer-velocity", 0.6, Evidence.of("kind", "VELOCITY",
                    "transfers", ids.size(), "window", settings.velocityWindow().toString(), "threshold", bar,
                    "tenantBaseline", n.tenantBaseline(),
                    "transferIds", ids.subList(Math.max(0, ids.size() - 20), ids.size()),
                    "explanation", ids.size() + " outgoing transfers within " + settings.velocityWindow().toHours()
                            + " h (threshold " + bar + (bar > settings.velocity() ? ", above the tenant's baseline of "
                            + n.tenantBaseline() + " a day" : "") + ")"),
                    // one detection per window: the transfer that reached the catalogue's count identifies it (not
                    // the bar, which moves with the baseline: a replay an hour later gives the same signal)
                    List.of("velocity:" + t.payer() + ":" + ids.get(settings.velocity() - 1)),
                    List.of(), List.of(t.payer())));
        }
        if (t.payeeCountry() != null && settings.highRiskCountries().contains(t.payeeCountry())) {
            findings.add(new Finding("PM-07", "high-risk-jurisdiction", 0.9, Evidence.of("kind", "HIGH_RISK_DESTINATION",
                    "country", t.payeeCountry(), "transferId", t.transferId(), "amount", t.amount() + " " + t.currency(),
                    "explanation", "a transfer to an account in " + t.payeeCountry() + ", on the tenant's high-risk list"),
                    List.of("transfer:" + t.transferId()), t.workerId() == null ? List.of() : List.of(t.workerId()),
                    t.workerId() == null ? List.of(t.payee()) : List.of()));
        }
        if (t.initiatedBy() != null && !t.initiatedBy().equals(t.payer()) && t.amount().compareTo(settings.smallDebit()) <= 0) {
            findings.add(new Finding("PM-12", "unauthorised-small-debit", 0.7, Evidence.of("kind", "SMALL_DEBIT_NOT_BY_OWNER",
                    "transferId", t.transferId(), "amount", t.amount() + " " + t.currency(), "initiatedBy", t.initiatedBy(),
                    "payer", t.payer(), "explanation", "a debit of " + t.amount() + " " + t.currency() + " from "
                            + t.payer() + "'s account initiated by " + t.initiatedBy()),
                    List.of("transfer:" + t.transferId()), t.workerId() == null ? List.of() : List.of(t.workerId()),
                    t.workerId() == null ? List.of(t.initiatedBy()) : List.of()));
        }
        return findings;
    }

    /**
     * Above this many parties an account or device is a pooled or common one (a platform's collection account, a
     * shared terminal): like a carrier NAT for IPs, it links nobody and raises nothing.
     */
    static final int COMMON = 50;

    private Optional<Finding> sharedAccount(String account, SortedSet<String> parties) {
        if (parties.size() < 2 || parties.size() > COMMON) {
            return Optional.empty();
        }
        return Optional.of(new Finding("PM-03", "shared-account", 0.85, Evidence.of("kind", "ONE_ACCOUNT_SEVERAL_PARTIES",
                "account", account, "parties", List.copyOf(parties),
                "explanation", "one account used by " + parties.size() + " parties: " + String.join(", ", parties)),
                List.of("account:" + account, "parties:" + String.join(",", parties)), List.of(), List.copyOf(parties)));
    }

    private Optional<Finding> sharedDevice(String device, SortedSet<String> parties) {
        if (device == null || parties.size() < 2 || parties.size() > COMMON) {
            return Optional.empty();
        }
        return Optional.of(new Finding("PM-04", "shared-device", 0.85, Evidence.of("kind", "ONE_DEVICE_SEVERAL_PARTIES",
                "device", device, "parties", List.copyOf(parties),
                "explanation", "one device used by " + parties.size() + " payment customers: " + String.join(", ", parties)),
                List.of("device:" + device, "parties:" + String.join(",", parties)), List.of(), List.copyOf(parties)));
    }

}
