package dev.firebreak.identity.document;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Validates a parsed zone (ICAO Doc 9303): every check digit, calendar dates and their order, expiry,
 * state codes, the document-number format, filler rules, and agreement with the visual zone when given.
 * Every check is reported with pass or fail and a reason; nothing here throws for a bad document.
 */
public final class MrzValidator {

    /** One check: its name, whether it passed, and why. {@code severe} failures suggest forgery. */
    public record Check(String check, boolean passed, String reason, boolean severe) {
        static Check pass(String check, String reason) {
            return new Check(check, true, reason, false);
        }

        static Check fail(String check, String reason, boolean severe) {
            return new Check(check, false, reason, severe);
        }
    }

    /** The visual zone's fields as the source read them (dates as ISO yyyy-MM-dd). */
    public record VisualZone(String surname, String givenNames, String documentNumber, String nationality,
                             String issuingState, String dateOfBirth, String sex, String expiryDate) {
    }

    private final LocalDate today;

    public MrzValidator(LocalDate today) {
        this.today = today;
    }

    public List<Check> validate(Mrz mrz, VisualZone viz) {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.pass("structure", "an ICAO 9303 " + mrz.format() + " zone"));
        documentNumberDigit(checks, mrz);
        digit(checks, "check-digit:date-of-birth", mrz.dateOfBirth(), mrz.dateOfBirthCheck(), false);
        digit(checks, "check-digit:expiry-date", mrz.expiryDate(), mrz.expiryDateCheck(), false);
        if (mrz.optionalDataCheck() != null) {
            String field = mrz.lines().get(1).substring(28, 42);
            digit(checks, "check-digit:personal-number", field, mrz.optionalDataCheck(), true);
        }
        if (mrz.compositeCheck() != null) {
            digit(checks, "check-digit:composite", mrz.compositeInput(), mrz.compositeCheck(), false);
        }
        dates(checks, mrz);
        state(checks, "state-code:issuing-state", mrz.issuingState());
        state(checks, "state-code:nationality", mrz.nationality());
        if (mrz.documentNumber().isEmpty() || !mrz.documentNumber().matches("[A-Z0-9<]+")
                || mrz.documentNumber().contains("<<")) {
            checks.add(Check.fail("document-number-format", "the document number is empty or malformed", true));
        } else {
            checks.add(Check.pass("document-number-format", mrz.documentNumber().length() + " characters"));
        }
        fillers(checks, mrz);
        if (viz != null) {
            visualZone(checks, mrz, viz);
        }
        return checks;
    }

    /**
     * A long document number (more than nine characters, continued in the optional data) is checked over the
     * whole number; issuers differ on whether the filler at the ninth position is part of it, so both forms
     * are accepted and the reason says which one verified.
     */
    private static void documentNumberDigit(List<Check> checks, Mrz mrz) {
        String raw = mrz.rawDocumentNumber();
        char actual = mrz.documentNumberCheck();
        if (raw.length() > 9 && CheckDigits.of(raw) != actual
                && CheckDigits.of(raw.substring(0, 9) + "<" + raw.substring(9)) == actual) {
            checks.add(Check.pass("check-digit:document-number",
                    "check digit " + actual + " verifies over the long number including its filler"));
            return;
        }
        digit(checks, "check-digit:document-number", raw, actual, false);
    }

    private static void digit(List<Check> checks, String name, String field, char actual, boolean fillerAllowed) {
        boolean emptyField = field.chars().allMatch(c -> c == '<');
        if (fillerAllowed && emptyField && (actual == '<' || actual == '0')) {
            checks.add(Check.pass(name, "empty field with filler check digit"));
            return;
        }
        char expected = CheckDigits.of(field);
        if (actual == expected) {
            checks.add(Check.pass(name, "check digit " + actual + " verifies"));
        } else {
            checks.add(Check.fail(name, "check digit is " + actual + ", the field computes to " + expected, true));
        }
    }

    private void dates(List<Check> checks, Mrz mrz) {
        Optional<LocalDate> birth = birthDate(mrz.dateOfBirth());
        Optional<LocalDate> expiry = expiryDate(mrz.expiryDate());
        if (birth.isEmpty()) {
            checks.add(Check.fail("date:birth", "date of birth " + mrz.dateOfBirth() + " is not a calendar date", true));
        } else if (birth.get().isAfter(today)) {
            checks.add(Check.fail("date:birth", "date of birth " + birth.get() + " is in the future", true));
        } else {
            checks.add(Check.pass("date:birth", birth.get().toString()));
        }
        if (expiry.isEmpty()) {
            checks.add(Check.fail("date:expiry", "expiry date " + mrz.expiryDate() + " is not a calendar date", true));
        } else {
            checks.add(Check.pass("date:expiry", expiry.get().toString()));
            if (expiry.get().isBefore(today)) {
                checks.add(Check.fail("expired", "expired on " + expiry.get(), false));
            } else {
                checks.add(Check.pass("expired", "valid until " + expiry.get()));
            }
            if (birth.isPresent() && !birth.get().isBefore(expiry.get())) {
                checks.add(Check.fail("date:order", "born on " + birth.get() + ", not before expiry " + expiry.get(), true));
            }
        }
    }

    /** Birth years resolve to the latest century that does not put the birth in the future. */
    public Optional<LocalDate> birthDate(String yymmdd) {
        return date(yymmdd).map(d -> d.isAfter(today) ? d.minusYears(100) : d);
    }

    /** Expiry years resolve to 20yy unless that lies more than 50 years ahead. */
    Optional<LocalDate> expiryDate(String yymmdd) {
        return date(yymmdd).map(d -> d.isAfter(today.plusYears(50)) ? d.minusYears(100) : d);
    }

    private Optional<LocalDate> date(String yymmdd) {
        if (!yymmdd.matches("\\d{6}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(2000 + Integer.parseInt(yymmdd.substring(0, 2)),
                    Integer.parseInt(yymmdd.substring(2, 4)), Integer.parseInt(yymmdd.substring(4, 6))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static void state(List<Check> checks, String name, String code) {
        if (StateCodes.SPECIMEN.equals(code)) {
            checks.add(Check.fail(name, "UTO is ICAO's specimen state (Utopia), not a real issuer", true));
        } else if (StateCodes.known(code)) {
            checks.add(Check.pass(name, code + " is an ISO 3166 or ICAO code"));
        } else {
            checks.add(Check.fail(name, "'" + code + "' is neither an ISO 3166 alpha-3 nor an ICAO code", true));
        }
    }

    private static void fillers(List<Check> checks, Mrz mrz) {
        List<String> problems = new ArrayList<>();
        if (!mrz.sex().isEmpty() && !mrz.sex().matches("[MFX]")) {
            problems.add("sex '" + mrz.sex() + "' is not M, F, X or '<'");
        }
        if (mrz.primaryIdentifier().isEmpty()) {
            problems.add("no primary identifier (surname)");
        }
        if (!mrz.documentCode().matches("[A-Z]{1,2}")) {
            problems.add("document code '" + mrz.documentCode() + "' is not one or two letters");
        }
        if (problems.isEmpty()) {
            checks.add(Check.pass("fillers", "name, sex and code fields follow the filler rules"));
        } else {
            checks.add(Check.fail("fillers", String.join("; ", problems), true));
        }
    }

    private void visualZone(List<Check> checks, Mrz mrz, VisualZone viz) {
        List<String> mismatches = new ArrayList<>();
        String namesField = mrz.format() == Mrz.Format.TD1 ? mrz.lines().get(2) : mrz.lines().getFirst().substring(5);
        boolean truncated = !namesField.endsWith("<");
        if (viz.surname() != null && !VisualZoneTransliteration.agrees(viz.surname(), mrz.primaryIdentifier(), truncated)) {
            mismatches.add("surname");
        }
        if (viz.givenNames() != null
                && !VisualZoneTransliteration.agrees(viz.givenNames(), mrz.secondaryIdentifier(), truncated)) {
            mismatches.add("givenNames");
        }
        if (viz.documentNumber() != null && !normalise(viz.documentNumber()).equals(mrz.documentNumber())) {
            mismatches.add("documentNumber");
        }
        if (viz.nationality() != null && !normalise(viz.nationality()).equals(mrz.nationality())) {
            mismatches.add("nationality");
        }
        if (viz.issuingState() != null && !normalise(viz.issuingState()).equals(mrz.issuingState())) {
            mismatches.add("issuingState");
        }
        if (viz.sex() != null && !normalise(viz.sex()).equals(mrz.sex())) {
            mismatches.add("sex");
        }
        if (viz.dateOfBirth() != null && !birthDate(mrz.dateOfBirth()).map(LocalDate::toString).orElse("")
                .equals(viz.dateOfBirth().strip())) {
            mismatches.add("dateOfBirth");
        }
        if (viz.expiryDate() != null && !expiryDate(mrz.expiryDate()).map(LocalDate::toString).orElse("")
                .equals(viz.expiryDate().strip())) {
            mismatches.add("expiryDate");
        }
        if (mismatches.isEmpty()) {
            checks.add(Check.pass("visual-zone", "the visual zone agrees with the MRZ"));
        } else {
            checks.add(Check.fail("visual-zone", "the visual zone disagrees with the MRZ on "
                    + String.join(", ", mismatches), true));
        }
    }

    private static String normalise(String value) {
        return value.strip().toUpperCase(Locale.ROOT).replace(" ", "");
    }
}
