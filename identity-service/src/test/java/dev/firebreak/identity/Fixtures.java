package dev.firebreak.identity;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fictional documents with correct ICAO 9303 check digits. */
final class Fixtures {

    static final List<String> PRK_PASSPORT = List.of(
            "P<PRKKIM<<CHOL<SU<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "7455123454PRK8804156M3101012<<<<<<<<<<<<<<06");
    static final List<String> GBR_PASSPORT = List.of(
            "P<GBRHARTLEY<<ELEANOR<ROSE<<<<<<<<<<<<<<<<<<",
            "5321987649GBR9007220F3309151<<<<<<<<<<<<<<02");
    /** Issued by China to a DPRK national: the nationality alone is the nexus. */
    static final List<String> CHN_ISSUED_PRK_NATIONAL = List.of(
            "P<CHNLI<<WEI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "E123456782PRK9102033M3006069<<<<<<<<<<<<<<06");

    private Fixtures() {
    }

    static String worker() {
        return "w-" + UUID.randomUUID();
    }

    static Map<String, Object> document(String workerId, List<String> mrz) {
        return Map.of("workerId", workerId, "source", "hiring-portal", "documentType", "PASSPORT", "mrz", mrz);
    }

    /** A British passport of Eleanor Hartley with its own number and correct check digits (a second document of hers). */
    static List<String> gbrPassport(String number) {
        String dob = "900722";
        String expiry = "330915";
        String line = number + dev.firebreak.identity.document.CheckDigits.of(number) + "GBR" + dob
                + dev.firebreak.identity.document.CheckDigits.of(dob) + "F" + expiry
                + dev.firebreak.identity.document.CheckDigits.of(expiry) + "<".repeat(14) + "<";
        String composite = line.substring(0, 10) + line.substring(13, 20) + line.substring(21, 43);
        return List.of(GBR_PASSPORT.get(0), line + dev.firebreak.identity.document.CheckDigits.of(composite));
    }
}
