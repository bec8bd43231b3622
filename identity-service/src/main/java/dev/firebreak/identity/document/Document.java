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
    /** How many 8-bit segments a photo hash is indexed by: a distance up to this less one is always found. */
    public static final int PHOTO_SEGMENTS = 8;

    /**
     * Other workers' documents that may be shared with this one: the same document, or a photo that agrees with
     * {@code photoHash} on a whole segment (every photo within a distance of {@code PHOTO_SEGMENTS - 1} does), read
     * through the {@code photo_segment} index, never the tenant's every photo.
     */
    @SuppressWarnings("unchecked")
    public static List<Document> candidatesForSharing(String tenantId, String workerId, String documentHash, Long photoHash) {
        if (photoHash == null) {
            return list("tenantId = ?1 and workerId <> ?2 and documentHash = ?3", tenantId, workerId, documentHash);
        }
        var query = getEntityManager().createNativeQuery("""
                select d.* from document d
                where d.tenant_id = ?1 and d.worker_id <> ?2
                  and (d.document_hash = ?3 or d.id in (
                      select s.document_id from photo_segment s
                      where s.tenant_id = ?1 and (s.segment, s.value) in
                            ((0, ?4), (1, ?5), (2, ?6), (3, ?7), (4, ?8), (5, ?9), (6, ?10), (7, ?11))))""",
                Document.class).setParameter(1, tenantId).setParameter(2, workerId).setParameter(3, documentHash);
        for (int segment = 0; segment < PHOTO_SEGMENTS; segment++) {
            query.setParameter(4 + segment, segment(photoHash, segment));
        }
        return query.getResultList();
    }

    /** Indexes this document's photo (once it has its id). */
    public void indexPhoto() {
        if (photoHash == null) {
            return;
        }
        for (int segment = 0; segment < PHOTO_SEGMENTS; segment++) {
            getEntityManager().createNativeQuery("""
                            insert into photo_segment (tenant_id, segment, value, document_id) values (?1, ?2, ?3, ?4)
                            on conflict do nothing""")
                    .setParameter(1, tenantId).setParameter(2, (short) segment).setParameter(3, segment(photoHash, segment))
                    .setParameter(4, id).executeUpdate();
        }
    }

    private static short segment(long hash, int segment) {
        return (short) ((hash >>> (8 * segment)) & 0xFF);
    }

    public static List<Document> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by id", tenantId, workerId);
    }
}
