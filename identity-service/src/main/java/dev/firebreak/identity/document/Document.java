package dev.firebreak.identity.document;

import dev.firebreak.kit.persistence.WorkerRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Optional;

/**
 * An identity document a tenant submitted for a worker. The document number is kept only as a keyed hash
 * of {@code STATE|NUMBER}: detectors compare documents, they never need the clear number.
 */
@Entity
@Table(name = "document")
public class Document extends WorkerRecord {

    @Column(nullable = false)
    public String source;

    @Column(name = "document_type", nullable = false)
    public String documentType;

    @Column(name = "mrz_format", nullable = false)
    public String mrzFormat;

    @Column(name = "issuing_state", nullable = false)
    public String issuingState;

    @Column(nullable = false)
    public String nationality;

    @Column(name = "document_hash", nullable = false)
    public String documentHash;

    @Column(name = "holder_name", nullable = false)
    public String holderName;

    /** ISO yyyy-MM-dd from the MRZ, when it parses. */
    @Column(name = "birth_date")
    public String birthDate;

    @Column(name = "address_country")
    public String addressCountry;

    @Column(name = "address_postcode")
    public String addressPostcode;

    @Column(name = "photo_hash")
    public Long photoHash;

    @Column(name = "failed_checks", nullable = false)
    public String failedChecks;

    public static Optional<Document> find(String tenantId, String workerId, String source, String documentHash) {
        return find("tenantId = ?1 and workerId = ?2 and source = ?3 and documentHash = ?4",
                tenantId, workerId, source, documentHash).firstResultOptional();
    }

    /** The tenant's documents of other workers that share this document or carry a photo hash. */
    public static List<Document> candidatesForSharing(String tenantId, String workerId, String documentHash) {
        return list("tenantId = ?1 and workerId <> ?2 and (documentHash = ?3 or photoHash is not null)",
                tenantId, workerId, documentHash);
    }

    public static List<Document> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by id", tenantId, workerId);
    }
}
