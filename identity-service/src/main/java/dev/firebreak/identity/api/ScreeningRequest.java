package dev.firebreak.identity.api;

import dev.firebreak.identity.screening.Screener;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * {@code POST /api/v1/screenings}. {@code dateOfBirth}: yyyy, yyyy-MM or yyyy-MM-dd. {@code type}: {@code PERSON}
 * (matched against listed individuals and entries of no known type, never organisations, vessels or aircraft),
 * {@code ORGANISATION} (entities and entries of no known type), or absent (individuals, entities and entries of no
 * known type; vessels and aircraft never).
 */
public record ScreeningRequest(
        @NotBlank @Size(max = 300) String name,
        @Pattern(regexp = "\\d{4}(-\\d{2}(-\\d{2})?)?", message = "must be yyyy, yyyy-MM or yyyy-MM-dd") String dateOfBirth,
        @Size(max = 3) String nationality,
        @Size(max = 20) List<@NotBlank @Size(max = 128) String> identifiers,
        Screener.SubjectType type) {
}
