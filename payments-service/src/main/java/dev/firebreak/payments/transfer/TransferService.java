package dev.firebreak.payments.transfer;

import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.payments.api.TransferRequest;
import dev.firebreak.payments.detect.DetectionSettings;
import dev.firebreak.payments.detect.Evidence;
import dev.firebreak.payments.detect.Finding;
import dev.firebreak.payments.detect.TransferDetector;
import dev.firebreak.payments.payout.AccountIdentity;
import dev.firebreak.payments.payout.Sighting;
import dev.firebreak.payments.screening.PartyScreening;
import dev.firebreak.payments.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.TreeSet;

/**
 * Transfers, stored idempotently on the tenant's {@code transferId}, observed and inspected in one transaction.
 * A batch is validated whole before anything is written: one bad element rejects the batch (400 naming it) and
 * nothing changes. Each detector reads only the transfer's neighbourhood through indexed queries (the parties on
 * its accounts and devices, the payer's transfers in the velocity window), never the whole history.
 */
@ApplicationScoped
public class TransferService {

    private final EntityManager em;
    private final IdentifierHasher hasher;
    private final SignalPublisher publisher;
    private final DetectionSettings settings;
    private final TransferGraph graph;
    private final PartyScreening screening;

    public TransferService(EntityManager em, IdentifierHasher hasher, SignalPublisher publisher, DetectionSettings settings,
                           TransferGraph graph, PartyScreening screening) {
        this.screening = screening;
        this.em = em;
        this.hasher = hasher;
        this.publisher = publisher;
        this.settings = settings;
        this.graph = graph;
    }

    public record Result(String transferId, boolean duplicate, List<SignalPublisher.Raised> signals) {
    }

    private record Prepared(TransferRequest request, AccountIdentity payer, AccountIdentity payee, String payerHash,
                            String payeeHash, String payerDevice, String payeeDevice) {
    }

    @Transactional
    public List<Result> submit(String tenantId, List<TransferRequest> batch) {
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            prepared.add(prepare(batch.get(i), "[" + i + "]"));
        }
        TransferDetector.Settings tenantSettings = settings.transfersForTenant(tenantId);
        TransferDetector detector = new TransferDetector(tenantSettings);
        List<Result> results = new ArrayList<>();
        java.util.SortedSet<List<String>> toScreen = new TreeSet<>(
                java.util.Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
        for (Prepared p : prepared) {
            results.add(store(tenantId, p, detector, tenantSettings, toScreen));
        }
        // queued last and in key order: concurrent batches meeting the same parties then take the rows' locks in
        // one order and cannot deadlock
        toScreen.forEach(k -> screening.queue(tenantId, k.get(0), k.get(1)));
        return results;
    }

    private Prepared prepare(TransferRequest r, String at) {
        try {
            Currency.getInstance(r.currency());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(at + ".currency", "not an ISO 4217 currency");
        }
        AccountIdentity payer = account(r.payer(), at + ".payer.account");
        AccountIdentity payee = account(r.payee(), at + ".payee.account");
        if (r.payer().partyId().equals(r.payee().partyId())) {
            throw ProblemException.invalidField(at + ".payee.partyId", "payer and payee are the same party");
        }
        return new Prepared(r, payer, payee, hasher.hash(payer.normalised()), hasher.hash(payee.normalised()),
                r.payer().deviceId() == null ? null : hasher.hash("device|" + r.payer().deviceId()),
                r.payee().deviceId() == null ? null : hasher.hash("device|" + r.payee().deviceId()));
    }

    private static AccountIdentity account(TransferRequest.Party party, String field) {
        var a = party.account();
        try {
            return AccountIdentity.of(a.iban(), a.number(), a.bic(), a.country(), a.wallet(), a.chain());
        } catch (ProblemException e) {
            // re-root the fields the account check names ("account.iban") under this element of the batch
            List<java.util.Map<String, String>> errors = e.errors().stream().map(error -> {
                java.util.Map<String, String> copy = new java.util.LinkedHashMap<>(error);
                String f = error.getOrDefault("field", "account");
                copy.put("field", field + f.substring(Math.min(f.length(), "account".length())));
                return (java.util.Map<String, String>) copy;
            }).toList();
            throw new ProblemException(e.status(), e.title(), e.getMessage(), errors);
        }
    }

    private Result store(String tenantId, Prepared p, TransferDetector detector, TransferDetector.Settings config,
                         java.util.SortedSet<List<String>> toScreen) {
        TransferRequest r = p.request();
        int inserted = em.createNativeQuery("""
                        insert into transfer (tenant_id, transfer_id, occurred_at, payer_party, payer_kind, payer_account_hash,
                            payer_country, payer_device_hash, payee_party, payee_kind, payee_account_hash, payee_country,
                            payee_device_hash, amount, currency, method, worker_id, initiated_by, received_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
                        on conflict (tenant_id, transfer_id) do nothing""")
                .setParameter(1, tenantId).setParameter(2, r.transferId()).setParameter(3, r.occurredAt())
                .setParameter(4, r.payer().partyId()).setParameter(5, r.payer().kind().name()).setParameter(6, p.payerHash())
                .setParameter(7, p.payer().country()).setParameter(8, p.payerDevice())
                .setParameter(9, r.payee().partyId()).setParameter(10, r.payee().kind().name()).setParameter(11, p.payeeHash())
                .setParameter(12, p.payee().country()).setParameter(13, p.payeeDevice())
                .setParameter(14, r.amount()).setParameter(15, r.currency()).setParameter(16, r.method().name())
                .setParameter(17, r.workerId()).setParameter(18, r.initiatedBy()).setParameter(19, Instant.now())
                .executeUpdate();
        if (inserted == 1) {
            observe(tenantId, r, p);
            // PM-13: both parties go to identity-service's screening, queued with the transfer (never lost)
            toScreen.add(List.of(r.payer().partyId(), r.payer().name()));
            toScreen.add(List.of(r.payee().partyId(), r.payee().name()));
        }
        TransferDetector.Transfer t = new TransferDetector.Transfer(r.transferId(), r.occurredAt(), r.payer().partyId(),
                p.payerHash(), p.payerDevice(), r.payee().partyId(), p.payeeHash(), p.payee().country(), p.payeeDevice(),
                r.amount(), r.currency(), r.workerId(), r.initiatedBy());
        TransferDetector.Neighbourhood n = new TransferDetector.Neighbourhood(
                partiesOn("account_hash", p.payerHash(), tenantId), partiesOn("account_hash", p.payeeHash(), tenantId),
                p.payerDevice() == null ? new TreeSet<>() : partiesOn("device_hash", p.payerDevice(), tenantId),
                p.payeeDevice() == null ? new TreeSet<>() : partiesOn("device_hash", p.payeeDevice(), tenantId),
                outgoing(tenantId, r.payer().partyId(), r.occurredAt(), config));
        List<Finding> findings = new ArrayList<>(detector.inspect(t, n));
        findings.addAll(graphFindings(tenantId, r, p.payee().country(), config));
        List<SignalPublisher.Raised> raised = new ArrayList<>();
        for (Finding finding : findings) {
            raised.addAll(publisher.raise(tenantId, r.occurredAt(), finding));
        }
        return new Result(r.transferId(), inserted == 0, raised);
    }

    /**
     * PM-06 cycles this transfer closes; PM-08 client payments routed through intermediaries to this high-risk
     * destination; PM-09 a payer that collected from many unrelated payers and pays individuals in high-risk
     * jurisdictions. Evidence carries the path, the cycle, the transfers.
     */
    private List<Finding> graphFindings(String tenantId, TransferRequest r, String payeeCountry,
                                        TransferDetector.Settings config) {
        List<Finding> findings = new ArrayList<>();
        String payer = r.payer().partyId();
        String payee = r.payee().partyId();
        for (TransferGraph.Path cycle : graph.cyclesClosedBy(tenantId, payer, payee, r.occurredAt(), config.cycleWindow(),
                config.cycleLength())) {
            List<String> parties = new ArrayList<>(cycle.parties().subList(0, cycle.parties().size() - 1));
            parties.addFirst(payer);
            List<String> transfers = new ArrayList<>(cycle.transfers());
            transfers.addFirst(r.transferId());
            boolean reciprocal = parties.size() == 2;
            findings.add(new Finding("PM-06", "reciprocal-flows", reciprocal ? 0.7 : 0.85, Evidence.of(
                    "kind", reciprocal ? "RECIPROCAL_TRANSFERS" : "CYCLE", "cycle", parties, "transfers", transfers,
                    "explanation", (reciprocal ? "reciprocal transfers between " : "funds went round a cycle of "
                            + parties.size() + " parties: ") + String.join(" → ", parties)
                            + (reciprocal ? "" : " → " + payer) + " within " + config.cycleWindow().toDays() + " days"),
                    sortedIds(transfers), List.of(), new TreeSet<>(parties).stream().toList()));
        }
        boolean highRisk = payeeCountry != null && config.highRiskCountries().contains(payeeCountry);
        if (highRisk && r.payer().kind() != TransferRequest.Kind.CLIENT) {
            for (TransferGraph.Path path : graph.clientPathsInto(tenantId, payer, r.occurredAt(), config.pathWindow(),
                    config.pathHops() - 1)) {
                List<String> parties = new ArrayList<>(path.parties());
                parties.add(payee);
                List<String> transfers = new ArrayList<>(path.transfers());
                transfers.add(r.transferId());
                List<String> flagged = new ArrayList<>(new TreeSet<>(parties.subList(1, parties.size())));
                findings.add(new Finding("PM-08", "layering-to-high-risk", 0.8 + 0.05 * Math.max(0, 4 - transfers.size()),
                        Evidence.of("kind", "ROUTED_TO_HIGH_RISK", "path", parties, "transfers", transfers,
                                "destinationCountry", payeeCountry, "hops", transfers.size(),
                                "explanation", "a payment by client " + parties.getFirst() + " reached " + payeeCountry
                                        + " in " + transfers.size() + " transfers: " + String.join(" → ", parties)),
                        sortedIds(transfers), List.of(), flagged));
                break; // the shortest path explains it; more paths would only repeat the destination
            }
        }
        if (highRisk && (r.payee().kind() == TransferRequest.Kind.INDIVIDUAL || r.payee().kind() == TransferRequest.Kind.WORKER)) {
            List<String> payers = graph.payersInto(tenantId, payer, r.occurredAt(), config.fanWindow(), payee);
            if (payers.size() >= config.fanIn()) {
                List<String> abroad = graph.individualsPaidIn(tenantId, payer, r.occurredAt(), config.fanWindow(),
                        List.copyOf(config.highRiskCountries()));
                List<String> flagged = new ArrayList<>(abroad);
                flagged.addFirst(payer);
                findings.add(new Finding("PM-09", "front-company", 0.85, Evidence.of("kind", "FAN_IN_FAN_OUT",
                        "collector", payer, "payers", payers, "individualsAbroad", abroad,
                        "explanation", payer + " received from " + payers.size() + " unrelated payers and paid "
                                + abroad.size() + " individual(s) in high-risk jurisdictions within "
                                + config.fanWindow().toDays() + " days"),
                        List.of("fan:" + payer + ":" + r.transferId()), List.of(), new TreeSet<>(flagged).stream().toList()));
            }
        }
        return findings;
    }

    private static List<String> sortedIds(List<String> transfers) {
        return transfers.stream().map(id -> "transfer:" + id).sorted().toList();
    }


    /** Every party seen with this account or device, on either side of the tenant's transfers. */
    private TreeSet<String> partiesOn(String column, String hash, String tenantId) {
        @SuppressWarnings("unchecked")
        List<String> parties = em.createNativeQuery("select payer_party from transfer where tenant_id = ?1 and payer_"
                        + column + " = ?2 union select payee_party from transfer where tenant_id = ?1 and payee_" + column + " = ?2")
                .setParameter(1, tenantId).setParameter(2, hash).getResultList();
        return new TreeSet<>(parties);
    }

    /** The payer's outgoing transfers in the velocity window ending at this one, oldest first. */
    private List<String> outgoing(String tenantId, String payer, Instant at, TransferDetector.Settings config) {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("""
                        select transfer_id from transfer where tenant_id = ?1 and payer_party = ?2
                        and occurred_at > ?3 and occurred_at <= ?4 order by occurred_at, transfer_id""")
                .setParameter(1, tenantId).setParameter(2, payer)
                .setParameter(3, at.minus(config.velocityWindow())).setParameter(4, at)
                .getResultList();
        return ids;
    }

    private void observe(String tenantId, TransferRequest r, Prepared p) {
        String origin = "transfer:" + r.transferId();
        for (var side : List.of(new Object[] {r.payer(), p.payer(), p.payerHash(), p.payerDevice()},
                new Object[] {r.payee(), p.payee(), p.payeeHash(), p.payeeDevice()})) {
            TransferRequest.Party party = (TransferRequest.Party) side[0];
            AccountIdentity account = (AccountIdentity) side[1];
            List<Sighting> sightings = new ArrayList<>();
            sightings.add(new Sighting(account.kind().equals("WALLET") ? "WALLET" : "PAYMENT_ACCOUNT", (String) side[2], origin));
            if (side[3] != null) {
                sightings.add(new Sighting("DEVICE", (String) side[3], origin));
            }
            publisher.observeParty(tenantId, party.partyId(), r.occurredAt(), sightings);
        }
        if (r.workerId() != null) {
            // which party the worker is (the payee of a payment to them, else the payer): lets the aggregator resolve
            String workerParty = r.payee().kind() == TransferRequest.Kind.WORKER || r.payer().kind() != TransferRequest.Kind.WORKER
                    ? r.payee().partyId() : r.payer().partyId();
            publisher.observe(tenantId, r.workerId(), r.occurredAt(), List.of(new Sighting("PAYMENT_PARTY", workerParty, origin)));
        }
    }

    public List<com.fasterxml.jackson.databind.JsonNode> signalsForParty(String tenantId, String partyId) {
        return publisher.signalsForParty(tenantId, partyId);
    }
}
