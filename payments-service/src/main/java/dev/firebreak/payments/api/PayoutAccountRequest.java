package dev.firebreak.payments.api;

import dev.firebreak.kit.api.EventTime;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** {@code POST /api/v1/payout-accounts}: an account a worker is (to be) paid into. */
public record PayoutAccountRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._:@-]{1,100}", message = "must be 1-100 characters of letters, digits and . _ : @ -")
        String workerId,
        @NotBlank @Size(max = 300) String workerName,
        @NotBlank @Size(max = 300) String accountHolderName,
        @NotNull @Valid Account account,
        @Size(max = 100) String provider,
        @NotNull Status status,
        @NotNull @EventTime Instant observedAt) {

    public enum Status { ACTIVE, PENDING, BLOCKED, CLOSED }

    /** One of: an IBAN; a domestic number with BIC and bank country; a crypto wallet with its chain. */
    public record Account(
            @Size(max = 42) String iban,
            @Size(max = 40) String number,
            @Size(max = 11) String bic,
            @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166 alpha-2 code") String country,
            @Size(max = 128) String wallet,
            @Size(max = 20) String chain) {
    }
}
