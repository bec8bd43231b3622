package dev.firebreak.identity.coverage;

import dev.firebreak.identity.api.AttestationRequest;
import dev.firebreak.identity.api.DocumentRequest;
import dev.firebreak.identity.api.ProfileRequest;
import dev.firebreak.identity.api.ShippingRequest;
import dev.firebreak.kit.coverage.CoverageContract;
import dev.firebreak.kit.coverage.CoverageRecorder;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * What identity-service takes from a tenant, and what each input and field feeds, for {@code GET /api/v1/coverage}; and
 * the counting of what a tenant sent (each new document, profile, attestation and shipping request; a replay is not
 * counted again). Screenings are questions, not inputs about a worker: not counted.
 */
@ApplicationScoped
public class IdentityCoverage implements CoverageContract {

    private static final List<Input> INPUTS = List.of(
            new Input("DOCUMENT", "an identity document's machine-readable zone", List.of("ID-07", "ID-08", "ID-09", "ID-10"),
                    List.of(new Field("mrz", true, List.of("ID-02", "ID-07", "ID-08", "ID-09", "ID-10", "ID-13"),
                                    "the machine-readable zone's lines"),
                            new Field("visualZone", false, List.of("ID-07"),
                                    "what the document's visual zone says (checked against the MRZ)"),
                            new Field("visualZone.address", false, List.of("ID-12"),
                                    "the address printed on the document (hardware shipped elsewhere)"),
                            new Field("photoHash", false, List.of("ID-08"),
                                    "a perceptual hash of the document's photo (one face on several identities)"))),
            new Input("PROFILE", "a snapshot of the worker's profile at a source", List.of("ID-01"),
                    List.of(new Field("fullName", true, List.of("ID-01", "ID-09", "ID-13"), "the name the profile shows"),
                            new Field("nationality", false, List.of("ID-02"), "the declared nationality"),
                            new Field("location", false, List.of("ID-03"), "the declared residence"),
                            new Field("timezone", false, List.of("ID-03"), "the profile's time zone"),
                            new Field("email", false, List.of("ID-04"), "the contact email"),
                            new Field("phone", false, List.of("ID-04"), "the contact phone"),
                            new Field("photoHash", false, List.of("ID-06"), "a perceptual hash of the profile's picture"),
                            new Field("hasPhoto", false, List.of("ID-06"), "whether the source shows a picture at all"),
                            new Field("education", false, List.of("ID-05"), "the education history"),
                            new Field("employment", false, List.of("ID-05"), "the work history"))),
            new Input("ATTESTATION", "what the tenant's people observed (camera refused, proxy interviewee, ...)",
                    List.of("ID-05", "ID-11"), List.of(new Field("note", false, List.of(), "their words (kept, never echoed)"))),
            new Input("SHIPPING_REQUEST", "where the worker asked hardware to be shipped", List.of("ID-12"),
                    List.of(new Field("cannotReceiveAtIdAddress", false, List.of("ID-12"),
                            "the worker said it cannot receive at the document's address"))));

    private final CoverageRecorder recorder;

    public IdentityCoverage(CoverageRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public List<Input> inputs() {
        return INPUTS;
    }

    public void document(String tenantId, DocumentRequest r) {
        List<String> present = new ArrayList<>(List.of("mrz"));
        if (r.visualZone() != null) {
            present.add("visualZone");
            if (r.visualZone().address() != null) {
                present.add("visualZone.address");
            }
        }
        CoverageRecorder.ifPresent(present, "photoHash", r.photoHash());
        recorder.record(tenantId, "DOCUMENT", present);
    }

    public void profile(String tenantId, ProfileRequest r) {
        List<String> present = new ArrayList<>(List.of("fullName"));
        CoverageRecorder.ifPresent(present, "nationality", r.nationality());
        CoverageRecorder.ifPresent(present, "location", r.location());
        CoverageRecorder.ifPresent(present, "timezone", r.timezone());
        CoverageRecorder.ifPresent(present, "email", r.email());
        CoverageRecorder.ifPresent(present, "phone", r.phone());
        CoverageRecorder.ifPresent(present, "photoHash", r.photoHash());
        CoverageRecorder.ifPresent(present, "hasPhoto", r.hasPhoto());
        CoverageRecorder.ifPresent(present, "education", r.education() == null || r.education().isEmpty() ? null : r.education());
        CoverageRecorder.ifPresent(present, "employment", r.employment() == null || r.employment().isEmpty() ? null : r.employment());
        recorder.record(tenantId, "PROFILE", present);
    }

    public void attestation(String tenantId, AttestationRequest r) {
        List<String> present = new ArrayList<>();
        CoverageRecorder.ifPresent(present, "note", r.note());
        recorder.record(tenantId, "ATTESTATION", present);
    }

    public void shipping(String tenantId, ShippingRequest r) {
        List<String> present = new ArrayList<>();
        CoverageRecorder.ifPresent(present, "cannotReceiveAtIdAddress", r.cannotReceiveAtIdAddress());
        recorder.record(tenantId, "SHIPPING_REQUEST", present);
    }

}
