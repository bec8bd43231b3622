package dev.firebreak.identity.erasure;

import dev.firebreak.kit.erasure.SubjectAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

import static dev.firebreak.kit.erasure.SubjectAccess.nonEmpty;
import static dev.firebreak.kit.erasure.SubjectAccess.rows;

/** What identity-service holds about a worker, for a subject-access export (docs/privacy.md). */
@ApplicationScoped
public class IdentityAccess implements SubjectAccess {

    private static final String VERIFY = "identity verification and sanctions screening (ID-01 to ID-12)";

    private final EntityManager em;

    public IdentityAccess(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public List<Item> held(String tenantId, String workerId) {
        return nonEmpty(
                new Item("documents", VERIFY, rows(em, """
                        select source, document_type as "documentType", mrz_format as "mrzFormat",
                               issuing_state as "issuingState", nationality, holder_name as "holderName",
                               birth_date as "dateOfBirth", address_country as "addressCountry",
                               address_postcode as "addressPostcode", failed_checks as "failedChecks",
                               'held as a keyed hash' as "documentNumber",
                               case when photo_hash is null then null else 'held as a perceptual hash' end as "photo",
                               received_at as "receivedAt"
                        from document where tenant_id = ? and worker_id = ? order by received_at, id""",
                        tenantId, workerId)),
                new Item("profiles", VERIFY, rows(em, """
                        select source, observed_at as "observedAt", full_name as "fullName", nationality,
                               location_country as "locationCountry", timezone,
                               case when email_hash is null then null else 'held as a keyed hash' end as "email",
                               case when phone_hash is null then null else 'held as a keyed hash' end as "phone",
                               phone_country as "phoneCountry", history, received_at as "receivedAt"
                        from profile where tenant_id = ? and worker_id = ? order by observed_at, id""",
                        tenantId, workerId)),
                new Item("attestations", "what a hiring firm observed of the worker (ID-05, ID-11)", rows(em, """
                        select kind, observed_at as "observedAt", note, received_at as "receivedAt"
                        from attestation where tenant_id = ? and worker_id = ? order by observed_at, id""",
                        tenantId, workerId)),
                new Item("shippingRequests", "where equipment was to be sent (ID-12)", rows(em, """
                        select observed_at as "observedAt", country, postcode,
                               'held as a keyed hash' as "address",
                               cannot_receive_at_id_address as "cannotReceiveAtIdAddress", received_at as "receivedAt"
                        from shipping_request where tenant_id = ? and worker_id = ? order by observed_at, id""",
                        tenantId, workerId)),
                new Item("signals", "red flags raised about the worker, sent to the risk-aggregator", rows(em, """
                        select payload as "signal", created_at as "raisedAt" from published_signal
                        where tenant_id = ? and worker_id = ? order by created_at""", tenantId, workerId)));
    }
}
