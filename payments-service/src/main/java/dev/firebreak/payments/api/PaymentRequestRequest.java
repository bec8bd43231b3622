package dev.firebreak.payments.api;

import dev.firebreak.kit.api.EventTime;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * {@code POST /api/v1/payment-requests}: a worker asking to be paid in cryptocurrency or into a third party's
 * account. The note is stored nowhere and never echoed (it may hold personal data).
 */
public record PaymentRequestRequest(
        @NotBlank @Pattern(regexp = TransferRequest.ID, message = TransferRequest.ID_MESSAGE) String requestId,
        @NotBlank @Pattern(regexp = TransferRequest.ID, message = TransferRequest.ID_MESSAGE) String workerId,
        @NotBlank @Size(max = 300) String workerName,
        @NotNull Kind kind,
        @Size(max = 300) String accountHolderName,
        @Valid PayoutAccountRequest.Account account,
        @NotNull @EventTime Instant observedAt,
        @Size(max = 2000) String note) {

    public enum Kind { CRYPTO, THIRD_PARTY_ACCOUNT }
}
