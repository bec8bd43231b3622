package dev.firebreak.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.identity.document.Mrz;
import dev.firebreak.identity.document.MrzValidator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Agreement with every case of {@code ../shared/reference/test-vectors/mrz_reference_cases.json} (ICAO
 * specimens and the test suites of open-source MRZ libraries): parsed fields as the sources assert them, and
 * each check digit and date verdict as the file's independent computation has it. Skips when the file is absent.
 */
class MrzReferenceVectorsTest {

    private static final Path VECTORS = Path.of("../../shared/reference/test-vectors/mrz_reference_cases.json");
    private static final Map<String, String> CHECKS = Map.of(
            "doc_number_cd", "check-digit:document-number",
            "dob_cd", "check-digit:date-of-birth",
            "expiry_cd", "check-digit:expiry-date",
            "personal_number_cd", "check-digit:personal-number",
            "composite_cd", "check-digit:composite");

    @TestFactory
    Stream<DynamicTest> everyReferenceCase() throws IOException {
        Assumptions.assumeTrue(Files.exists(VECTORS), "reference vectors not present beside the checkout: skipped");
        JsonNode cases = new ObjectMapper().readTree(VECTORS.toFile()).path("cases");
        List<DynamicTest> tests = new ArrayList<>();
        MrzValidator validator = new MrzValidator(LocalDate.of(2026, 11, 25));
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.path("id").asText(), () -> check(c, validator)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c, MrzValidator validator) {
        List<String> lines = new ArrayList<>();
        c.path("lines").forEach(l -> lines.add(l.asText()));
        JsonNode computed = c.path("computed");
        if ("UNRECOGNISED".equals(computed.path("format").asText())) {
            assertThrows(IllegalArgumentException.class, () -> Mrz.parse(lines));
            return;
        }
        Mrz mrz = Mrz.parse(lines);
        assertEquals(computed.path("format").asText().replace('-', '_'), mrz.format().name(), "format");
        JsonNode e = c.path("expected");
        field(e, "document_code", mrz.documentCode());
        field(e, "issuing_state", mrz.issuingState());
        field(e, "nationality", mrz.nationality());
        field(e, "document_number", mrz.documentNumber());
        field(e, "document_number_check_digit", String.valueOf(mrz.documentNumberCheck()));
        field(e, "dob", mrz.dateOfBirth());
        field(e, "expiry", mrz.expiryDate());
        field(e, "sex", mrz.sex());
        field(e, "surname", mrz.primaryIdentifier());
        field(e, "primary_identifier", mrz.primaryIdentifier());
        field(e, "given_names", mrz.secondaryIdentifier());
        field(e, "secondary_identifier", mrz.secondaryIdentifier());
        if (mrz.format() == Mrz.Format.TD3) {
            field(e, "personal_number", mrz.optionalData2());
        }
        List<MrzValidator.Check> checks = validator.validate(mrz, null);
        for (Map.Entry<String, String> entry : CHECKS.entrySet()) {
            if (computed.has(entry.getKey())) {
                assertEquals(computed.path(entry.getKey()).asBoolean(), passed(checks, entry.getValue()), entry.getValue());
            }
        }
        if (computed.has("dob_date_valid")) {
            assertEquals(computed.path("dob_date_valid").asBoolean(), !reasonOf(checks, "date:birth").contains("not a calendar date"),
                    "birth date validity");
        }
        if (computed.has("expiry_date_valid")) {
            assertEquals(computed.path("expiry_date_valid").asBoolean(), passed(checks, "date:expiry"), "expiry date validity");
        }
    }

    private static void field(JsonNode expected, String key, String actual) {
        if (expected.has(key)) {
            assertEquals(expected.path(key).asText(), actual, key);
        }
    }

    private static boolean passed(List<MrzValidator.Check> checks, String name) {
        return checks.stream().filter(c -> c.check().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name)).passed();
    }

    private static String reasonOf(List<MrzValidator.Check> checks, String name) {
        return checks.stream().filter(c -> c.check().equals(name)).findFirst().map(MrzValidator.Check::reason).orElse("");
    }
}
