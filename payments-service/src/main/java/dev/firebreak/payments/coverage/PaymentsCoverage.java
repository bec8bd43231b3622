package dev.firebreak.payments.coverage;

import dev.firebreak.kit.coverage.CoverageContract;
import dev.firebreak.kit.coverage.CoverageRecorder;
import dev.firebreak.payments.api.PaymentRequestRequest;
import dev.firebreak.payments.api.PayoutAccountRequest;
import dev.firebreak.payments.api.TransferRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * What payments-service takes from a tenant, and what each input and field feeds, for {@code GET /api/v1/coverage};
 * and the counting of what a tenant sent (each new payout account, transfer and payment request; replays not again).
 */
@ApplicationScoped
public class PaymentsCoverage implements CoverageContract {

    private static final List<Input> INPUTS = List.of(
            new Input("PAYOUT_ACCOUNT", "an account the worker asked to be paid into", List.of("PM-01", "PM-02", "PM-11"),
                    List.of(new Field("account.iban", false, List.of("PM-07", "PM-11"), "an IBAN"),
                            new Field("account.bic", false, List.of("PM-07"), "a bank's BIC (its country)"),
                            new Field("account.wallet", false, List.of("PM-10", "PM-13"), "a crypto wallet"),
                            new Field("provider", false, List.of(), "the bank or EMI"))),
            new Input("TRANSFER", "a payment between two parties", List.of("PM-03", "PM-05", "PM-06", "PM-08", "PM-09", "PM-13"),
                    List.of(new Field("workerId", false, List.of("PM-07"),
                                    "the worker the transfer pays: its signals about the worker"),
                            new Field("payer.deviceId", false, List.of("PM-04"), "the payer's device"),
                            new Field("payee.deviceId", false, List.of("PM-04"), "the payee's device"),
                            new Field("amount", false, List.of("PM-12"), "the amount (small debits)"),
                            new Field("initiatedBy", false, List.of("PM-12"), "who initiated a debit"))),
            new Input("PAYMENT_REQUEST", "a worker's request to be paid in crypto or into a third party's account",
                    List.of("PM-01", "PM-10"),
                    List.of(new Field("accountHolderName", false, List.of("PM-01"), "the third party's name"))));

    private final CoverageRecorder recorder;

    public PaymentsCoverage(CoverageRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public List<Input> inputs() {
        return INPUTS;
    }

    public void payoutAccount(String tenantId, PayoutAccountRequest r) {
        List<String> present = new ArrayList<>();
        if (r.account() != null) {
            CoverageRecorder.ifPresent(present, "account.iban", r.account().iban());
            CoverageRecorder.ifPresent(present, "account.bic", r.account().bic());
            CoverageRecorder.ifPresent(present, "account.wallet", r.account().wallet());
        }
        CoverageRecorder.ifPresent(present, "provider", r.provider());
        recorder.record(tenantId, "PAYOUT_ACCOUNT", present);
    }

    public void transfer(String tenantId, TransferRequest r) {
        List<String> present = new ArrayList<>();
        CoverageRecorder.ifPresent(present, "workerId", r.workerId());
        CoverageRecorder.ifPresent(present, "payer.deviceId", r.payer() == null ? null : r.payer().deviceId());
        CoverageRecorder.ifPresent(present, "payee.deviceId", r.payee() == null ? null : r.payee().deviceId());
        CoverageRecorder.ifPresent(present, "amount", r.amount());
        CoverageRecorder.ifPresent(present, "initiatedBy", r.initiatedBy());
        recorder.record(tenantId, "TRANSFER", present);
    }

    public void paymentRequest(String tenantId, PaymentRequestRequest r) {
        List<String> present = new ArrayList<>();
        CoverageRecorder.ifPresent(present, "accountHolderName", r.accountHolderName());
        recorder.record(tenantId, "PAYMENT_REQUEST", present);
    }

}
