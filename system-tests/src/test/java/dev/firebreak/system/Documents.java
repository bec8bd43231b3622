package dev.firebreak.system;

import java.util.List;
import java.util.Map;

/** Fictional passports with correct ICAO 9303 check digits. */
final class Documents {

    static final List<String> PRK_PASSPORT = List.of(
            "P<PRKKIM<<CHOL<SU<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "7455123454PRK8804156M3101012<<<<<<<<<<<<<<06");
    static final List<String> CHN_ISSUED_PRK_NATIONAL = List.of(
            "P<CHNLI<<WEI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "E123456782PRK9102033M3006069<<<<<<<<<<<<<<06");
    static final List<String> POL_PASSPORT = List.of(
            "P<POLNOWAK<<PIOTR<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "ER44177295POL8503105M3401206<<<<<<<<<<<<<<06");

    private Documents() {
    }

    static Map<String, Object> passport(String workerId, List<String> mrz) {
        return Map.of("workerId", workerId, "source", "system-test", "documentType", "PASSPORT", "mrz", mrz);
    }
}
