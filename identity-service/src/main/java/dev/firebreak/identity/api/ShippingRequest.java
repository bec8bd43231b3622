package dev.firebreak.identity.api;

import dev.firebreak.kit.api.EventTime;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** {@code POST /api/v1/shipping-requests}: where a worker asked for hardware to be sent. */
public record ShippingRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String workerId,
        @NotNull @EventTime Instant observedAt,
        @NotNull @Valid PostalAddress address,
        Boolean cannotReceiveAtIdAddress) {
}
