package dev.firebreak.identity.api;

import dev.firebreak.kit.api.EventTime;
import dev.firebreak.identity.attestation.AttestationKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** {@code POST /api/v1/attestations}: what a hiring firm observed of a worker. */
public record AttestationRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String workerId,
        @NotNull AttestationKind kind,
        @NotNull @EventTime Instant observedAt,
        @Size(max = 2000) String note) {
}
