package dev.firebreak.identity.api;

import dev.firebreak.kit.api.EventTime;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code POST /api/v1/profiles}: a snapshot of what one source says about a worker. */
public record ProfileRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String workerId,
        @NotBlank @Size(max = 100) String source,
        @NotNull @EventTime Instant observedAt,
        @NotBlank @Size(max = 300) String fullName,
        @Pattern(regexp = "[A-Za-z]{2,3}", message = "must be an ISO 3166 alpha-2 or alpha-3 code") String nationality,
        @Valid Location location,
        @Size(max = 64) String timezone,
        @Email @Size(max = 320) String email,
        @Size(max = 40) String phone,
        @Size(max = 50) List<Map<String, Object>> education,
        @Size(max = 50) List<Map<String, Object>> employment,
        @Pattern(regexp = "[0-9a-fA-F]{16}", message = "must be a 64-bit perceptual hash as 16 hex digits") String photoHash,
        Boolean hasPhoto,
        @Valid PostalAddress address) {

    public record Location(
            @NotBlank @Pattern(regexp = "[A-Za-z]{2,3}", message = "must be an ISO 3166 alpha-2 or alpha-3 code") String country,
            @Size(max = 200) String city) {
    }
}
