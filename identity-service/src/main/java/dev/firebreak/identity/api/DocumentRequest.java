package dev.firebreak.identity.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code POST /api/v1/documents}: an identity document a source holds for a worker. */
public record DocumentRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String workerId,
        @NotBlank @Size(max = 100) String source,
        @NotBlank @Size(max = 40) String documentType,
        @NotEmpty @Size(max = 3) List<@NotNull @Size(min = 30, max = 44) String> mrz,
        @Valid VisualZone visualZone,
        @Pattern(regexp = "[0-9a-fA-F]{16}", message = "must be a 64-bit perceptual hash as 16 hex digits") String photoHash) {

    /** The document's visual inspection zone, as read by the source. */
    public record VisualZone(@Size(max = 200) String surname, @Size(max = 200) String givenNames,
                             @Size(max = 40) String documentNumber,
                             @Size(max = 3) String nationality, @Size(max = 3) String issuingState,
                             @Size(max = 10) String dateOfBirth, @Size(max = 1) String sex,
                             @Size(max = 10) String expiryDate, @Valid PostalAddress address) {
    }
}
