package dev.firebreak.identity.attestation;

/** Attestation kinds of DESIGN.md and the red flag each one raises. */
public enum AttestationKind {
    CAMERA_REFUSED("ID-11"),
    CAMERA_INCONSISTENT("ID-11"),
    CODING_TEST_CHEATING("ID-11"),
    PROXY_INTERVIEWEE("ID-11"),
    RECRUITED_VIA_INTERMEDIARY("ID-11"),
    EMPLOYMENT_UNVERIFIABLE("ID-05"),
    EDUCATION_UNVERIFIABLE("ID-05");

    private final String code;

    AttestationKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
