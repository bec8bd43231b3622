package dev.firebreak.payments.api;

import dev.firebreak.kit.api.EventTime;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;

/** One element of {@code POST /api/v1/transfers} (DESIGN.md). */
public record TransferRequest(
        @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String transferId,
        @NotNull @EventTime Instant occurredAt,
        @NotNull @Valid Party payer,
        @NotNull @Valid Party payee,
        @NotNull @DecimalMin(value = "0.01", message = "must be a positive amount") @Digits(integer = 15, fraction = 4)
        BigDecimal amount,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
        @NotNull Method method,
        @Pattern(regexp = ID, message = ID_MESSAGE) String workerId,
        @Pattern(regexp = ID, message = ID_MESSAGE) String initiatedBy) {

    static final String ID = "[A-Za-z0-9._:@-]{1,100}";
    static final String ID_MESSAGE = "must be 1-100 characters of letters, digits and . _ : @ -";

    /**
     * What a party is. {@code CLIENT WORKER COMPANY EMI_CUSTOMER} are DESIGN.md's; {@code INDIVIDUAL} (a natural
     * person who is none of those, e.g. a relative abroad) extends them. Natural persons for PM-09's fan-out:
     * {@link #isPerson}.
     */
    public enum Kind {
        CLIENT, WORKER, COMPANY, EMI_CUSTOMER, INDIVIDUAL;

        /** A person's account (an EMI's customers are mostly individuals: case study 2's "individual accounts"). */
        public boolean isPerson() {
            return this == WORKER || this == EMI_CUSTOMER || this == INDIVIDUAL;
        }
    }

    public enum Method { BANK_TRANSFER, CARD, EMI, CRYPTO, OTHER }

    /** A payer or payee: the tenant's party id, the name on the account, what the party is, its account. */
    public record Party(
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String partyId,
            @NotBlank @Size(max = 300) String name,
            @NotNull Kind kind,
            @NotNull @Valid PayoutAccountRequest.Account account,
            @Size(max = 200) String deviceId) {
    }
}
