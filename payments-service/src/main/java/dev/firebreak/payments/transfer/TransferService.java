package dev.firebreak.payments.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.firebreak.kit.erasure.ErasedSubjects;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.findings.Evidence;
import dev.firebreak.kit.identifiers.IdentifierHasher;
import dev.firebreak.kit.persistence.SetQuery;
import dev.firebreak.payments.api.TransferRequest;
import dev.firebreak.payments.detect.DetectionSettings;
import dev.firebreak.payments.detect.Finding;
import dev.firebreak.payments.detect.TransferDetector;
import dev.firebreak.payments.payout.AccountIdentity;
import dev.firebreak.payments.payout.Sighting;
import dev.firebreak.payments.screening.PartyScreening;
import dev.firebreak.payments.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Transfers, stored idempotently on the tenant's {@code transferId}, observed and inspected in one transaction.
 * A batch is validated whole before anything is written: one bad element rejects the batch (400 naming it) and
 * nothing changes. Each detector reads only the transfer's neighbourhood through indexed queries (the parties on
 * its accounts and devices, the payer's transfers in the velocity window), never the whole history.
 */
@ApplicationScoped
public class TransferService {

    /** Suppression of erased workers and parties: their transfers are dropped. */
    @Inject
    ErasedSubjects erased;

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

    /**
     * @param erased the transfer concerns an erased worker or party: accepted and dropped, nothing of it stored (a
     *               batch is not refused for one element; the element says so)
     */
    public record Result(String transferId, boolean duplicate, List<SignalPublisher.Raised> signals,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean erased) {
    }

    private record Prepared(TransferRequest request, AccountIdentity payer, AccountIdentity payee, String payerHash,
                            String payeeHash, String payerDevice, String payeeDevice) {
    }

    /**
     * Stores, observes and inspects a batch with a fixed number of statements for the whole batch (the inserts, the
     * neighbourhood reads, the outbox and the screening queue each go as one JDBC batch or one query); only the
     * graph walks run per transfer.
     */
    @Transactional
    public List<Result> submit(String tenantId, List<TransferRequest> batch) {
        List<Prepared> all = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            all.add(prepare(batch.get(i), "[" + i + "]"));
        }
        // a transfer about an erased worker or party is dropped here (issue 29); the others go on
        ErasedSubjects.Held held = erased.holdBatch(tenantId, batch.stream().map(TransferRequest::workerId).toList(),
                List.of(), batch.stream().flatMap(r -> Stream.of(r.payer().partyId(),
                        r.payee().partyId())).toList());
        List<Prepared> prepared = new ArrayList<>();
        boolean[] dropped = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            TransferRequest r = all.get(i).request();
            dropped[i] = held.erased(ErasedSubjects.Kind.WORKER, r.workerId())
                    || held.erased(ErasedSubjects.Kind.PARTY, r.payer().partyId())
                    || held.erased(ErasedSubjects.Kind.PARTY, r.payee().partyId());
            if (!dropped[i]) {
                prepared.add(all.get(i));
            }
        }
        TransferDetector.Settings config = settings.transfersForTenant(tenantId);
        TransferDetector detector = new TransferDetector(config);
        boolean[] inserted = insertAll(tenantId, prepared);
        Neighbourhoods around = neighbourhoods(tenantId, prepared, config);
        List<List<TransferGraph.Path>> cycles = graph.cyclesClosedByAll(tenantId, prepared.stream()
                .map(p -> new TransferGraph.Edge(p.request().payer().partyId(), p.request().payee().partyId(),
                        p.request().occurredAt())).toList(), config.cycleWindow(), config.cycleLength());
        SignalPublisher.Batch out = publisher.batch();
        SortedSet<List<String>> toScreen = new TreeSet<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1))
                        .thenComparing(k -> k.get(2)));
        List<List<Integer>> raisedAt = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            TransferRequest r = p.request();
            if (inserted[i]) {
                observe(out, tenantId, r, p);
                // PM-13: both parties go to identity-service's screening, queued with the transfer (never lost)
                toScreen.add(List.of(r.payer().partyId(), r.payer().name(), walletOf(r.payer()), typeOf(r.payer())));
                toScreen.add(List.of(r.payee().partyId(), r.payee().name(), walletOf(r.payee()), typeOf(r.payee())));
            }
            TransferDetector.Transfer t = new TransferDetector.Transfer(r.transferId(), r.occurredAt(), r.payer().partyId(),
                    p.payerHash(), p.payerDevice(), r.payee().partyId(), p.payeeHash(), p.payee().country(), p.payeeDevice(),
                    r.amount(), r.currency(), r.workerId(), r.initiatedBy());
            List<Finding> findings = new ArrayList<>(detector.inspect(t, around.of(p, config)));
            findings.addAll(graphFindings(tenantId, r, p.payee().country(), config, cycles.get(i)));
            List<Integer> positions = new ArrayList<>();
            for (Finding finding : findings) {
                positions.addAll(out.raise(tenantId, r.occurredAt(), finding));
            }
            raisedAt.add(positions);
        }
        out.flush();
        // queued last and in key order: concurrent batches meeting the same parties cannot deadlock
        screening.queueAll(tenantId, toScreen);
        List<Result> results = new ArrayList<>();
        for (int i = 0, kept = 0; i < all.size(); i++) {
            if (dropped[i]) {
                results.add(new Result(all.get(i).request().transferId(), false, List.of(), true));
            } else {
                results.add(new Result(prepared.get(kept).request().transferId(), !inserted[kept],
                        out.raised(raisedAt.get(kept)), false));
                kept++;
            }
        }
        return results;
    }

    /** The wallet address as given (addresses are screened as lists print them), or "" for other accounts. */
    /**
     * What identity-service screens the party as: a person (a worker, an individual, an EMI's customer) against
     * listed individuals only, a company against listed entities only, a client (either) against both.
     */
    private static String typeOf(TransferRequest.Party party) {
        if (party.kind() == null || party.kind() == TransferRequest.Kind.CLIENT) {
            return "";
        }
        return party.kind().isPerson() ? "PERSON" : "ORGANISATION";
    }

    private static String walletOf(TransferRequest.Party party) {
        String wallet = party.account().wallet();
        return wallet == null ? "" : wallet.strip();
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
            List<Map<String, String>> errors = e.errors().stream().map(error -> {
                Map<String, String> copy = new LinkedHashMap<>(error);
                String f = error.getOrDefault("field", "account");
                copy.put("field", field + f.substring(Math.min(f.length(), "account".length())));
                return (Map<String, String>) copy;
            }).toList();
            throw new ProblemException(e.status(), e.title(), e.getMessage(), errors);
        }
    }

    /** Inserts the batch's transfers; a transferId stored before (or earlier in the batch) is not new. */
    private boolean[] insertAll(String tenantId, List<Prepared> prepared) {
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        return jdbc(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into transfer (tenant_id, transfer_id, occurred_at, payer_party, payer_kind, payer_account_hash,
                        payer_country, payer_device_hash, payee_party, payee_kind, payee_account_hash, payee_country,
                        payee_device_hash, amount, currency, method, worker_id, initiated_by, received_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, transfer_id) do nothing""")) {
                for (Prepared p : prepared) {
                    TransferRequest r = p.request();
                    Object[] values = {tenantId, r.transferId(), r.occurredAt().atOffset(ZoneOffset.UTC), r.payer().partyId(),
                            r.payer().kind().name(), p.payerHash(), p.payer().country(), p.payerDevice(),
                            r.payee().partyId(), r.payee().kind().name(), p.payeeHash(), p.payee().country(),
                            p.payeeDevice(), r.amount(), r.currency(), r.method().name(), r.workerId(), r.initiatedBy(), now};
                    for (int v = 0; v < values.length; v++) {
                        if (values[v] == null) {
                            insert.setNull(v + 1, Types.VARCHAR);
                        } else {
                            insert.setObject(v + 1, values[v]);
                        }
                    }
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                boolean[] inserted = new boolean[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    inserted[i] = counts[i] == 1;
                }
                return inserted;
            }
        });
    }

    /**
     * What the tenant's transfers show around the batch, read with one query per kind of fact: the parties seen
     * with each account and device of the batch, and each payer's outgoing transfers over the batch's velocity
     * windows.
     */
    private Neighbourhoods neighbourhoods(String tenantId, List<Prepared> prepared, TransferDetector.Settings config) {
        Set<String> accounts = new TreeSet<>();
        Set<String> devices = new TreeSet<>();
        Set<String> payers = new TreeSet<>();
        Instant from = Instant.MAX;
        Instant to = Instant.MIN;
        for (Prepared p : prepared) {
            accounts.add(p.payerHash());
            accounts.add(p.payeeHash());
            if (p.payerDevice() != null) {
                devices.add(p.payerDevice());
            }
            if (p.payeeDevice() != null) {
                devices.add(p.payeeDevice());
            }
            payers.add(p.request().payer().partyId());
            Instant at = p.request().occurredAt();
            from = at.isBefore(from) ? at : from;
            to = at.isAfter(to) ? at : to;
        }
        Instant windowStart = from.minus(config.velocityWindow());
        Instant windowEnd = to;
        return new Neighbourhoods(partiesOn(tenantId, "account_hash", accounts), partiesOn(tenantId, "device_hash", devices),
                outgoing(tenantId, payers, windowStart, windowEnd), baseline(tenantId, windowEnd));
    }

    /** A tenant needs this many payer-days in 30 days before its baseline says anything. */
    static final int BASELINE_MIN_PAYER_DAYS = 200;
    /** How long a tenant's baseline is used before it is computed again. */
    static final Duration BASELINE_TTL = Duration.ofHours(1);

    private record Baseline(Instant computedAt, int perDay) {
    }

    private final Map<String, Baseline> baselines = new ConcurrentHashMap<>();

    /**
     * PM-05's tenant baseline: the 99th percentile of the outgoing transfers per payer and day over the tenant's
     * 30 days before {@code asOf} (0 with fewer than {@value #BASELINE_MIN_PAYER_DAYS} payer-days), computed at most
     * once an hour per tenant and instance.
     */
    private int baseline(String tenantId, Instant asOf) {
        Baseline known = baselines.get(tenantId);
        Instant now = Instant.now();
        if (known != null && known.computedAt().isAfter(now.minus(BASELINE_TTL))) {
            return known.perDay();
        }
        int[] perDay = {0};
        SetQuery.once(em, """
                        select coalesce(percentile_disc(0.99) within group (order by n), 0), count(*) from (
                          select payer_party, date_trunc('day', occurred_at at time zone 'UTC') d, count(*) n from transfer
                          where tenant_id = ? and occurred_at > ? and occurred_at <= ? group by 1, 2) days""",
                row -> perDay[0] = row.getLong(2) >= BASELINE_MIN_PAYER_DAYS ? row.getInt(1) : 0,
                tenantId, asOf.minus(Duration.ofDays(30)), asOf);
        baselines.put(tenantId, new Baseline(now, perDay[0]));
        return perDay[0];
    }

    /** The facts around a batch; {@link #of} cuts out one transfer's neighbourhood. */
    private record Neighbourhoods(Map<String, SortedSet<String>> partiesByAccount, Map<String, SortedSet<String>> partiesByDevice,
                                  Map<String, List<Outgoing>> outgoingByPayer, int tenantBaseline) {

        TransferDetector.Neighbourhood of(Prepared p, TransferDetector.Settings config) {
            Instant at = p.request().occurredAt();
            Instant after = at.minus(config.velocityWindow());
            List<String> outgoing = outgoingByPayer.getOrDefault(p.request().payer().partyId(), List.of()).stream()
                    .filter(o -> o.at().isAfter(after) && !o.at().isAfter(at)).map(Outgoing::transferId).toList();
            return new TransferDetector.Neighbourhood(parties(partiesByAccount, p.payerHash()),
                    parties(partiesByAccount, p.payeeHash()), parties(partiesByDevice, p.payerDevice()),
                    parties(partiesByDevice, p.payeeDevice()), outgoing, tenantBaseline);
        }

        private static SortedSet<String> parties(Map<String, SortedSet<String>> by, String key) {
            return key == null ? new TreeSet<>() : by.getOrDefault(key, new TreeSet<>());
        }
    }

    private record Outgoing(Instant at, String transferId) {
    }

    /** Every party seen with each of these accounts or devices, on either side of the tenant's transfers. */
    private Map<String, SortedSet<String>> partiesOn(String tenantId, String column, Set<String> hashes) {
        Map<String, SortedSet<String>> parties = new HashMap<>();
        if (hashes.isEmpty()) {
            return parties;
        }
        String[] values = hashes.toArray(String[]::new);
        SetQuery.once(em, "select payer_" + column + ", payer_party from transfer where tenant_id = ? and payer_" + column
                        + " = any(?) union select payee_" + column + ", payee_party from transfer where tenant_id = ? and payee_"
                        + column + " = any(?)",
                row -> parties.computeIfAbsent(row.getString(1), k -> new TreeSet<>()).add(row.getString(2)),
                tenantId, values, tenantId, values);
        return parties;
    }

    /** The payers' outgoing transfers between {@code from} (exclusive) and {@code to}, oldest first. */
    private Map<String, List<Outgoing>> outgoing(String tenantId, Set<String> payers, Instant from, Instant to) {
        Map<String, List<Outgoing>> outgoing = new HashMap<>();
        SetQuery.once(em, """
                        select payer_party, occurred_at, transfer_id from transfer where tenant_id = ? and payer_party = any(?)
                        and occurred_at > ? and occurred_at <= ? order by occurred_at, transfer_id""",
                row -> outgoing.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(new Outgoing(
                        row.getObject(2, OffsetDateTime.class).toInstant(), row.getString(3))),
                tenantId, payers.toArray(String[]::new), from, to);
        return outgoing;
    }

    /** Work on the EntityManager's connection (the batch insert of {@link #insertAll}). */
    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    /**
     * PM-06 cycles this transfer closes; PM-08 client payments routed through intermediaries to this high-risk
     * destination; PM-09 a payer that collected from many unrelated payers and pays individuals in high-risk
     * jurisdictions. Evidence carries the path, the cycle, the transfers.
     */
    private List<Finding> graphFindings(String tenantId, TransferRequest r, String payeeCountry,
                                        TransferDetector.Settings config, List<TransferGraph.Path> cyclesClosed) {
        List<Finding> findings = new ArrayList<>();
        String payer = r.payer().partyId();
        String payee = r.payee().partyId();
        for (TransferGraph.Path cycle : cyclesClosed) {
            List<String> parties = new ArrayList<>(cycle.parties().subList(0, cycle.parties().size() - 1));
            parties.addFirst(payer);
            List<String> transfers = new ArrayList<>(cycle.transfers());
            transfers.addFirst(r.transferId());
            boolean reciprocal = parties.size() == 2;
            // money back between a client and its worker is a refund or a correction (issue 30): shown to an analyst
            // below the 0.5 that counts towards a tier; the advisory's pattern is customers paying each other
            TransferRequest.Kind from = r.payer().kind();
            TransferRequest.Kind to = r.payee().kind();
            boolean refund = reciprocal && (from == TransferRequest.Kind.CLIENT && to == TransferRequest.Kind.WORKER
                    || from == TransferRequest.Kind.WORKER && to == TransferRequest.Kind.CLIENT);
            findings.add(new Finding("PM-06", "reciprocal-flows", refund ? 0.3 : reciprocal ? 0.7 : 0.85, Evidence.of(
                    "kind", refund ? "CLIENT_WORKER_REFUND" : reciprocal ? "RECIPROCAL_TRANSFERS" : "CYCLE", "cycle", parties,
                    "transfers", transfers,
                    "explanation", (reciprocal ? "reciprocal transfers between " : "funds went round a cycle of "
                            + parties.size() + " parties: ") + String.join(" → ", parties)
                            + (reciprocal ? "" : " → " + payer) + " within " + config.cycleWindow().toDays() + " days"
                            + (refund ? ", between a client and its worker: a refund, most likely" : "")),
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
        if (highRisk && r.payee().kind().isPerson()) {
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


    private void observe(SignalPublisher.Batch out, String tenantId, TransferRequest r, Prepared p) {
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
            out.observeParty(tenantId, party.partyId(), r.occurredAt(), sightings);
        }
        if (r.workerId() != null) {
            // which party the worker is (the payee of a payment to them, else the payer): lets the aggregator resolve
            String workerParty = r.payee().kind() == TransferRequest.Kind.WORKER || r.payer().kind() != TransferRequest.Kind.WORKER
                    ? r.payee().partyId() : r.payer().partyId();
            out.observeWorker(tenantId, r.workerId(), r.occurredAt(),
                    List.of(new Sighting("PAYMENT_PARTY", workerParty, origin)));
        }
    }

    public List<JsonNode> signalsForParty(String tenantId, String partyId) {
        return publisher.signalsForParty(tenantId, partyId);
    }
}
