package dev.firebreak.identity.screening;

import dev.firebreak.identity.document.Document;
import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.profile.Profile;
import dev.firebreak.identity.signal.SignalPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * ID-09 for a whole worker, kept in agreement with what the service knows: every name it holds (each document's
 * holder, with that document's date of birth; each profile's name, with the date of birth of the worker's
 * documents) is screened against the current lists; new matches are raised, and a match raised before that is no
 * longer found is withdrawn. So a document that brings a date of birth contradicting a profile's name-only match
 * withdraws it (the aggregator's tier follows), a list change that ends a match withdraws it, one that makes a
 * withdrawn match true again raises it again, and a date of birth that corroborates a common-name match replaces it
 * with the CRITICAL one it now is. A match on a document number is never withdrawn here: the number is kept only as
 * a hash, so a re-screen cannot see it, and an exact identifier match does not stop being true.
 */
@ApplicationScoped
public class WorkerScreening {

    private final ScreeningService screening;
    private final SignalPublisher publisher;

    public WorkerScreening(ScreeningService screening, SignalPublisher publisher) {
        this.screening = screening;
        this.publisher = publisher;
    }

    /**
     * Screens every name held for the worker and makes its ID-09 signals agree.
     *
     * @param identifiers document numbers by origin, for the document just submitted (the only time they are known)
     * @return the ID-09 signals of every origin, new or found again (the caller reports those of its own record)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Result reconcile(String tenantId, String workerId, Instant at, Map<String, List<String>> identifiers) {
        List<Document> documents = Document.forWorker(tenantId, workerId);
        String birthDate = documents.stream().map(d -> d.birthDate).filter(Objects::nonNull).findFirst().orElse(null);
        List<Finding> findings = new ArrayList<>();
        Set<String> origins = new HashSet<>();
        // a worker's snapshots repeat the same name: each distinct (name, date of birth, identifiers) screened once
        Map<List<String>, List<Screener.Match>> screened = new HashMap<>();
        for (Document d : documents) {
            String origin = ScreeningService.documentOrigin(d.documentHash);
            origins.add(origin);
            List<String> numbers = identifiers.getOrDefault(origin, List.of());
            if (!d.holderName.isBlank() || !numbers.isEmpty()) {
                findings.addAll(screening.finding(screened(screened, d.holderName, d.birthDate, numbers), origin));
            }
        }
        for (Profile p : Profile.forWorker(tenantId, workerId)) {
            String origin = ScreeningService.profileOrigin(p.source, p.observedAt);
            origins.add(origin);
            findings.addAll(screening.finding(screened(screened, p.fullName, birthDate, List.of()), origin));
        }
        List<SignalPublisher.Raised> raised = publisher.raiseAfresh(tenantId, workerId, at, findings);
        Set<UUID> current = new HashSet<>();
        raised.forEach(r -> current.add(r.signalId()));
        int withdrawn = 0;
        for (SignalPublisher.Kept kept : publisher.kept(tenantId, workerId, ScreeningService.CODE)) {
            Object origin = kept.evidence().get("origin");
            if (kept.withdrawn() || current.contains(kept.signalId()) || !origins.contains(origin)
                    || Screener.IDENTIFIER.equals(kept.evidence().get("basis"))) {
                continue; // signals raised before origins were recorded are left as they are
            }
            if (publisher.withdraw(tenantId, workerId, kept.signalId(), at, reason(findings, (String) origin, birthDate))) {
                withdrawn++;
            }
        }
        List<Raised> byOrigin = new ArrayList<>();
        for (int i = 0; i < raised.size(); i++) {
            byOrigin.add(new Raised(String.valueOf(findings.get(i).evidence().get("origin")), raised.get(i)));
        }
        return new Result(byOrigin, withdrawn);
    }

    private List<Screener.Match> screened(Map<List<String>, List<Screener.Match>> screened, String name, String birthDate,
                                          List<String> identifiers) {
        List<String> key = new ArrayList<>(List.of(String.valueOf(name), String.valueOf(birthDate)));
        key.addAll(identifiers);
        return screened.computeIfAbsent(key, k -> screening.screenPerson(name, birthDate, identifiers));
    }

    /** A raised signal and the record whose screening raised it. */
    public record Raised(String origin, SignalPublisher.Raised signal) {
    }

    /** What a reconciliation raised (new or again) and how many signals it withdrew. */
    public record Result(List<Raised> raised, int withdrawn) {

        /** The signals raised for one record (a request's own document or profile). */
        public List<SignalPublisher.Raised> of(String origin) {
            return raised.stream().filter(r -> r.origin().equals(origin)).map(Raised::signal).toList();
        }

        public long newSignals() {
            return raised.stream().filter(r -> r.signal().isNew()).count();
        }
    }

    private static String reason(List<Finding> findings, String origin, String birthDate) {
        boolean stillMatched = findings.stream().anyMatch(f -> origin.equals(f.evidence().get("origin")));
        if (stillMatched) {
            return "superseded: the same record now matches on other grounds (" + findings.stream()
                    .filter(f -> origin.equals(f.evidence().get("origin"))).map(f -> String.valueOf(f.evidence().get("basis")))
                    .findFirst().orElse("") + ")";
        }
        return birthDate == null ? "no longer matches the current lists"
                : "no longer matches the current lists with the date of birth of the worker's documents";
    }
}
