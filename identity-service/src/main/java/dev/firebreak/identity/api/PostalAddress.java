package dev.firebreak.identity.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A postal address; detectors compare it at country and postcode level. */
public record PostalAddress(
        @NotBlank @Pattern(regexp = "[A-Za-z]{2,3}", message = "must be an ISO 3166 alpha-2 or alpha-3 code") String country,
        @Size(max = 20) String postcode,
        @Size(max = 200) String city,
        @Size(max = 4) List<@Size(max = 200) String> lines) {
}
