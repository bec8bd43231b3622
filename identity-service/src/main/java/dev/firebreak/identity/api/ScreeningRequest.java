package dev.firebreak.identity.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code POST /api/v1/screenings}. {@code dateOfBirth}: yyyy, yyyy-MM or yyyy-MM-dd. */
public record ScreeningRequest(
        @NotBlank @Size(max = 300) String name,
        @Pattern(regexp = "\\d{4}(-\\d{2}(-\\d{2})?)?", message = "must be yyyy, yyyy-MM or yyyy-MM-dd") String dateOfBirth,
        @Size(max = 3) String nationality,
        @Size(max = 20) List<@NotBlank @Size(max = 128) String> identifiers) {
}
