package dev.firebreak.identity.profile;

import dev.firebreak.kit.persistence.WorkerRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One snapshot of what one source says about a worker. Contact details are kept only as keyed hashes. */
@Entity
@Table(name = "profile")
public class Profile extends WorkerRecord {

    @Column(nullable = false)
    public String source;

    @Column(name = "observed_at", nullable = false)
    public Instant observedAt;

    @Column(name = "full_name", nullable = false)
    public String fullName;

    public String nationality;

    @Column(name = "location_country")
    public String locationCountry;

    public String timezone;

    @Column(name = "email_hash")
    public String emailHash;

    @Column(name = "phone_hash")
    public String phoneHash;

    @Column(name = "phone_country")
    public String phoneCountry;

    @Column(name = "phone_type")
    public String phoneType;

    @Column(name = "phone_valid")
    public Boolean phoneValid;

    @Column(name = "email_disposable")
    public Boolean emailDisposable;

    @Column(name = "photo_hash")
    public Long photoHash;

    /** Whether the tenant says the profile shows a picture; null when it did not say (ID-06 reads only false). */
    @Column(name = "has_photo")
    public Boolean hasPhoto;

    /** The education and employment entries the source gave (ID-05), as {@code History.toJson} writes them. */
    public String history;

    public static Optional<Profile> find(String tenantId, String workerId, String source, Instant observedAt) {
        return find("tenantId = ?1 and workerId = ?2 and source = ?3 and observedAt = ?4",
                tenantId, workerId, source, observedAt).firstResultOptional();
    }

    public static List<Profile> forWorker(String tenantId, String workerId) {
        return list("tenantId = ?1 and workerId = ?2 order by observedAt, id", tenantId, workerId);
    }
}
