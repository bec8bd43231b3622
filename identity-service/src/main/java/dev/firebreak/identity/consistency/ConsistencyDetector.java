package dev.firebreak.identity.consistency;

import dev.firebreak.identity.nexus.Finding;
import dev.firebreak.identity.profile.PhoneNumbers;
import dev.firebreak.names.NameMatcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Consistency of what the worker's own sources say, within identity-service (the aggregator compares across
 * services): ID-01 name spelling, ID-02 nationality, ID-03 location, ID-04 contact information, ID-06 photos,
 * ID-13 pseudonyms. Nationality enters only
 * as a disagreement between sources (DESIGN.md "Fairness"). ID-01 and ID-13 compare names with name-matching. Each finding's evidence names the sources that
 * disagree; its triggering ids are the records compared, so the same data always yields the same signal.
 */
public final class ConsistencyDetector {

    public static final String DETECTOR = "profile-consistency";
    private static final Set<String> VIRTUAL_TYPES = Set.of("VOIP", "PERSONAL_NUMBER", "UAN", "VOICEMAIL", "PAGER");

    private final Duration contactWindow;
    private final int photoDistance;
    private final double sameName;
    private final NameMatcher names = new NameMatcher();

    public ConsistencyDetector(Duration contactWindow, int photoDistance, double sameName) {
        this.contactWindow = contactWindow;
        this.photoDistance = photoDistance;
        this.sameName = sameName;
    }

    public List<Finding> inspect(WorkerFacts facts) {
        List<Finding> findings = new ArrayList<>();
        nationality(facts).ifPresent(findings::add);
        location(facts).ifPresent(findings::add);
        contact(facts).ifPresent(findings::add);
        photos(facts).ifPresent(findings::add);
        names(facts, findings);
        history(facts).ifPresent(findings::add);
        return findings;
    }

    /** How far two accounts of one entry's dates may differ before they disagree: a remembered month is not a lie. */
    static final int HISTORY_TOLERANCE_MONTHS = 12;
    /** How long ago an entry must have ended, at a snapshot, to be settled history whose replacement is rewriting. */
    static final int SETTLED_MONTHS = 6;

    /**
     * ID-05 from the education and employment the sources give ({@link History}). Two accounts of the same entry
     * (one organisation, one kind) disagree when they date its start or end more than {@value #HISTORY_TOLERANCE_MONTHS}
     * months apart, or when one source said the worker was still there and a later account has them leave more than
     * that before; a source rewrites its history when a settled entry (ended {@value #SETTLED_MONTHS} months or more
     * before its snapshot) vanishes and another organisation fills the same months. Compared: each source's latest
     * snapshot with every other source's latest, and with its own previous. Ordinary changes raise nothing: a new
     * job, an old one dropped from a CV, a forgotten one added, a date corrected by a few months, "ACME Ltd." for
     * "Acme Limited".
     */
    private Optional<Finding> history(WorkerFacts facts) {
        List<WorkerFacts.ProfileFact> withHistory = facts.profiles().stream()
                .filter(p -> p.history() != null && !p.history().isEmpty())
                .sorted(Comparator.comparing(WorkerFacts.ProfileFact::observedAt).thenComparing(WorkerFacts.ProfileFact::id))
                .toList();
        if (withHistory.size() < 2) {
            return Optional.empty();
        }
        List<WorkerFacts.ProfileFact> latest = latestPerSource(withHistory);
        List<WorkerFacts.ProfileFact[]> pairs = new ArrayList<>();
        for (int a = 0; a < latest.size(); a++) {
            for (int b = a + 1; b < latest.size(); b++) {
                WorkerFacts.ProfileFact x = latest.get(a);
                WorkerFacts.ProfileFact y = latest.get(b);
                pairs.add(x.observedAt().isAfter(y.observedAt()) ? new WorkerFacts.ProfileFact[] {y, x}
                        : new WorkerFacts.ProfileFact[] {x, y});
            }
        }
        for (WorkerFacts.ProfileFact l : latest) {
            withHistory.stream().filter(p -> p.source().equals(l.source()) && p.observedAt().isBefore(l.observedAt()))
                    .reduce((first, second) -> second).ifPresent(previous -> pairs.add(new WorkerFacts.ProfileFact[] {previous, l}));
        }
        List<Map<String, Object>> changes = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (WorkerFacts.ProfileFact[] pair : pairs) {
            WorkerFacts.ProfileFact earlier = pair[0];
            WorkerFacts.ProfileFact later = pair[1];
            java.time.YearMonth then = java.time.YearMonth.from(earlier.observedAt().atZone(java.time.ZoneOffset.UTC));
            for (History.Entry a : earlier.history()) {
                for (History.Entry b : later.history()) {
                    if (a.kind() != b.kind() || !a.key().equals(b.key())) {
                        continue;
                    }
                    String what = datesDisagree(a, b, then);
                    if (what != null) {
                        changes.add(change(what, a, earlier, b, later));
                        ids.add("profile:" + earlier.id());
                        ids.add("profile:" + later.id());
                    }
                }
            }
            if (!earlier.source().equals(later.source())) {
                continue;
            }
            for (History.Entry a : earlier.history()) {
                boolean settled = a.from() != null && a.to() != null && !a.to().isAfter(then.minusMonths(SETTLED_MONTHS));
                boolean kept = later.history().stream().anyMatch(b -> b.kind() == a.kind() && b.key().equals(a.key()));
                if (!settled || kept) {
                    continue;
                }
                for (History.Entry b : later.history()) {
                    boolean isNew = earlier.history().stream().noneMatch(x -> x.kind() == b.kind() && x.key().equals(b.key()));
                    if (b.kind() == a.kind() && isNew && overlapMonths(a, b, then) >= SETTLED_MONTHS) {
                        changes.add(change("replaced by another organisation over the same months", a, earlier, b, later));
                        ids.add("profile:" + earlier.id());
                        ids.add("profile:" + later.id());
                    }
                }
            }
        }
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "HISTORY_INCONSISTENT");
        evidence.put("changes", changes);
        evidence.put("explanation", changes.size() + " entr" + (changes.size() == 1 ? "y" : "ies")
                + " of the worker's education or employment told differently: "
                + changes.stream().map(c -> c.get("organisation") + " " + c.get("what")).distinct()
                .collect(java.util.stream.Collectors.joining("; ")));
        return Optional.of(new Finding("ID-05", DETECTOR, 0.6, evidence, List.copyOf(ids), List.of()));
    }

    /** What disagrees between two accounts of one entry, or null. {@code then}: the month of the earlier account. */
    private static String datesDisagree(History.Entry a, History.Entry b, java.time.YearMonth then) {
        if (a.from() != null && b.from() != null && months(a.from(), b.from()) > HISTORY_TOLERANCE_MONTHS) {
            return "start moved from " + a.from() + " to " + b.from();
        }
        if (a.to() != null && b.to() != null && months(a.to(), b.to()) > HISTORY_TOLERANCE_MONTHS) {
            return "end moved from " + a.to() + " to " + b.to();
        }
        if (a.to() == null && b.to() != null && b.to().isBefore(then.minusMonths(HISTORY_TOLERANCE_MONTHS))) {
            return "ongoing in " + then + ", later said to have ended in " + b.to();
        }
        return null;
    }

    private static long months(java.time.YearMonth x, java.time.YearMonth y) {
        return Math.abs(java.time.temporal.ChronoUnit.MONTHS.between(x, y));
    }

    private static long overlapMonths(History.Entry a, History.Entry b, java.time.YearMonth then) {
        if (b.from() == null) {
            return 0;
        }
        java.time.YearMonth start = a.from().isAfter(b.from()) ? a.from() : b.from();
        java.time.YearMonth bEnd = b.to() == null ? then : b.to();
        java.time.YearMonth end = a.to().isBefore(bEnd) ? a.to() : bEnd;
        return end.isBefore(start) ? 0 : java.time.temporal.ChronoUnit.MONTHS.between(start, end);
    }

    private static Map<String, Object> change(String what, History.Entry a, WorkerFacts.ProfileFact earlier,
                                              History.Entry b, WorkerFacts.ProfileFact later) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("type", a.kind().name());
        change.put("organisation", a.organisation());
        change.put("what", what);
        change.put("earlier", account(a, earlier));
        change.put("later", account(b, later));
        return change;
    }

    private static Map<String, Object> account(History.Entry e, WorkerFacts.ProfileFact p) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("source", p.source());
        account.put("observedAt", p.observedAt().toString());
        account.put("organisation", e.organisation());
        account.put("from", e.from() == null ? "not given" : e.from().toString());
        account.put("to", e.to() == null ? "ongoing" : e.to().toString());
        return account;
    }

    /**
     * ID-13 when a profile's name shares no part with the document's (a pseudonym or anglicised name under the
     * same worker record); ID-01 when two sources spell the name differently enough to be another person's, or
     * a source's name changes between its snapshots.
     */
    private void names(WorkerFacts facts, List<Finding> findings) {
        List<String> spellings = new ArrayList<>();
        List<String> pseudonyms = new ArrayList<>();
        Set<String> spellingIds = new TreeSet<>();
        Set<String> pseudonymIds = new TreeSet<>();
        List<WorkerFacts.ProfileFact> latest = latestPerSource(facts.profiles());
        for (WorkerFacts.DocumentFact d : facts.documents()) {
            if (d.holderName() == null || d.holderName().isBlank()) {
                continue;
            }
            for (WorkerFacts.ProfileFact p : latest) {
                NameMatcher.Match match = names.compare(p.fullName(), d.holderName());
                boolean sharesAPart = match.pairs().stream().anyMatch(pair -> pair.similarity() >= 0.95);
                if (!sharesAPart) {
                    pseudonyms.add("the profile from " + p.source() + " uses a name that shares no part with the "
                            + "document's (" + d.source() + ")");
                    pseudonymIds.add("profile:" + p.id());
                    pseudonymIds.add("document:" + d.id());
                } else if (match.score() < sameName) {
                    spellings.add("profile from " + p.source() + " vs document from " + d.source() + ": "
                            + match.explanation() + " (score " + match.score() + ")");
                    spellingIds.add("profile:" + p.id());
                    spellingIds.add("document:" + d.id());
                }
            }
        }
        for (int i = 0; i < latest.size(); i++) {
            for (int j = i + 1; j < latest.size(); j++) {
                NameMatcher.Match match = names.compare(latest.get(i).fullName(), latest.get(j).fullName());
                if (match.score() < sameName) {
                    spellings.add("profiles from " + latest.get(i).source() + " and " + latest.get(j).source() + ": "
                            + (match.pairs().isEmpty() ? "no part in common" : match.explanation())
                            + " (score " + match.score() + ")");
                    spellingIds.add("profile:" + latest.get(i).id());
                    spellingIds.add("profile:" + latest.get(j).id());
                }
            }
        }
        Map<String, List<WorkerFacts.ProfileFact>> bySource = new LinkedHashMap<>();
        facts.profiles().stream().sorted(Comparator.comparing(WorkerFacts.ProfileFact::observedAt))
                .forEach(p -> bySource.computeIfAbsent(p.source(), s -> new ArrayList<>()).add(p));
        for (List<WorkerFacts.ProfileFact> history : bySource.values()) {
            for (int i = 1; i < history.size(); i++) {
                NameMatcher.Match match = names.compare(history.get(i - 1).fullName(), history.get(i).fullName());
                if (match.score() < 0.99) {
                    spellings.add("the name given by " + history.get(i).source() + " changed on "
                            + history.get(i).observedAt() + " (score " + match.score() + ")");
                    spellingIds.add("profile:" + history.get(i - 1).id());
                    spellingIds.add("profile:" + history.get(i).id());
                }
            }
        }
        if (!pseudonyms.isEmpty()) {
            findings.add(finding("ID-13", 0.7, "PSEUDONYM", Map.of(), String.join("; ", pseudonyms), pseudonymIds,
                    List.of()));
        }
        if (!spellings.isEmpty()) {
            findings.add(finding("ID-01", 0.7, "NAME_SPELLING", Map.of(), String.join("; ", spellings), spellingIds,
                    List.of()));
        }
    }

    private Optional<Finding> nationality(WorkerFacts facts) {
        Map<String, String> bySource = new LinkedHashMap<>();
        Set<String> ids = new TreeSet<>();
        for (WorkerFacts.DocumentFact d : facts.documents()) {
            if (d.nationality() != null) {
                bySource.put("document from " + d.source(), d.nationality());
                ids.add("document:" + d.id());
            }
        }
        for (WorkerFacts.ProfileFact p : latestPerSource(facts.profiles())) {
            if (p.nationality() != null) {
                bySource.put("profile from " + p.source(), p.nationality());
                ids.add("profile:" + p.id());
            }
        }
        if (new TreeSet<>(bySource.values()).size() < 2) {
            return Optional.empty();
        }
        return Optional.of(finding("ID-02", 0.8, "NATIONALITY", bySource,
                "the worker's sources name different nationalities", ids, List.of()));
    }

    private Optional<Finding> location(WorkerFacts facts) {
        Map<String, String> declared = new LinkedHashMap<>();
        Set<String> ids = new TreeSet<>();
        List<WorkerFacts.ProfileFact> latest = latestPerSource(facts.profiles());
        for (WorkerFacts.ProfileFact p : latest) {
            if (p.locationCountry() != null) {
                declared.put("profile from " + p.source(), p.locationCountry());
                ids.add("profile:" + p.id());
            }
        }
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        Set<String> declaredCountries = new TreeSet<>(declared.values());
        List<String> reasons = new ArrayList<>();
        double confidence = 0;
        Map<String, String> seen = new LinkedHashMap<>(declared);
        if (declaredCountries.size() > 1) {
            reasons.add("sources declare different countries of residence");
            confidence = 0.7;
        }
        for (WorkerFacts.DocumentFact d : facts.documents()) {
            if (d.addressCountry() != null && !declaredCountries.contains(d.addressCountry())) {
                seen.put("document address from " + d.source(), d.addressCountry());
                ids.add("document:" + d.id());
                reasons.add("the document's address is in another country than the declared residence");
                confidence = Math.max(confidence, 0.6);
            }
        }
        Set<String> nationalities = new TreeSet<>();
        facts.documents().stream().map(WorkerFacts.DocumentFact::nationality).filter(Objects::nonNull).forEach(nationalities::add);
        for (WorkerFacts.ProfileFact p : latest) {
            // a number of the country's numbering plan (a Guernsey mobile in the UK's) is the country's
            if (p.phoneRegion() != null
                    && declaredCountries.stream().noneMatch(c -> PhoneNumbers.samePlan(p.phoneRegion(), c))
                    && nationalities.stream().noneMatch(c -> PhoneNumbers.samePlan(p.phoneRegion(), c))) {
                seen.put("phone from " + p.source(), p.phoneRegion());
                ids.add("profile:" + p.id());
                reasons.add("a phone number of a third country, neither residence nor nationality");
                confidence = Math.max(confidence, 0.5);
            }
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(finding("ID-03", confidence, "LOCATION", seen,
                String.join("; ", new TreeSet<>(reasons)), ids, List.of()));
    }

    private Optional<Finding> contact(WorkerFacts facts) {
        List<String> reasons = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (WorkerFacts.ProfileFact p : facts.profiles()) {
            if (Boolean.FALSE.equals(p.phoneValid())) {
                reasons.add("the phone number of the profile from " + p.source() + " is not valid for its country");
                ids.add("profile:" + p.id());
            }
            if (p.phoneType() != null && VIRTUAL_TYPES.contains(p.phoneType())) {
                reasons.add("the profile from " + p.source() + " gives a " + p.phoneType() + " number");
                ids.add("profile:" + p.id());
            }
            if (Boolean.TRUE.equals(p.emailDisposable())) {
                reasons.add("the profile from " + p.source() + " gives a disposable email address");
                ids.add("profile:" + p.id());
            }
        }
        Instant latest = facts.profiles().stream().map(WorkerFacts.ProfileFact::observedAt).max(Comparator.naturalOrder())
                .orElse(null);
        if (latest != null) {
            List<WorkerFacts.ProfileFact> recent = facts.profiles().stream()
                    .filter(p -> !p.observedAt().isBefore(latest.minus(contactWindow))).toList();
            long phones = recent.stream().map(WorkerFacts.ProfileFact::phoneHash).filter(Objects::nonNull).distinct().count();
            long emails = recent.stream().map(WorkerFacts.ProfileFact::emailHash).filter(Objects::nonNull).distinct().count();
            long changes = Math.max(0, phones - 1) + Math.max(0, emails - 1);
            if (changes >= 2) {
                reasons.add(changes + " changes of phone or email within " + contactWindow.toDays() + " days");
                recent.forEach(p -> ids.add("profile:" + p.id()));
            }
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(finding("ID-04", reasons.size() > 1 ? 0.8 : 0.7, "CONTACT", Map.of(),
                String.join("; ", reasons), ids, List.of()));
    }

    private Optional<Finding> photos(WorkerFacts facts) {
        Map<String, Long> bySource = new LinkedHashMap<>();
        Set<String> ids = new TreeSet<>();
        for (WorkerFacts.DocumentFact d : facts.documents()) {
            if (d.photoHash() != null) {
                bySource.put("document from " + d.source(), d.photoHash());
                ids.add("document:" + d.id());
            }
        }
        List<WorkerFacts.ProfileFact> latest = latestPerSource(facts.profiles());
        for (WorkerFacts.ProfileFact p : latest) {
            if (p.photoHash() != null) {
                bySource.put("profile from " + p.source(), p.photoHash());
                ids.add("profile:" + p.id());
            }
        }
        // "no picture" only from what the tenant says: a profile it sent without a photo field says nothing (a
        // platform that never sends pictures would otherwise flag all its workers)
        List<WorkerFacts.ProfileFact> withoutPicture = latest.stream().filter(p -> Boolean.FALSE.equals(p.hasPhoto())).toList();
        if (bySource.isEmpty() && withoutPicture.size() >= 2
                && latest.stream().noneMatch(p -> Boolean.TRUE.equals(p.hasPhoto()))) {
            withoutPicture.forEach(p -> ids.add("profile:" + p.id()));
            return Optional.of(finding("ID-06", 0.5, "NO_PHOTO", Map.of(),
                    withoutPicture.size() + " of the worker's profiles have no picture, as their sources say", ids, List.of()));
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(bySource.entrySet());
        int worst = 0;
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                worst = Math.max(worst, Long.bitCount(entries.get(i).getValue() ^ entries.get(j).getValue()));
            }
        }
        if (worst <= photoDistance) {
            return Optional.empty();
        }
        Map<String, String> shown = new LinkedHashMap<>();
        bySource.forEach((source, hash) -> shown.put(source, String.format("%016x", hash)));
        return Optional.of(finding("ID-06", 0.7, "DIFFERENT_PHOTOS", shown,
                "the worker's pictures differ across sources (Hamming distance up to " + worst + " of 64 bits, "
                        + "threshold " + photoDistance + ")", ids, List.of()));
    }

    private static List<WorkerFacts.ProfileFact> latestPerSource(List<WorkerFacts.ProfileFact> profiles) {
        Map<String, WorkerFacts.ProfileFact> latest = new LinkedHashMap<>();
        for (WorkerFacts.ProfileFact p : profiles) {
            latest.merge(p.source(), p, (a, b) -> a.observedAt().isAfter(b.observedAt()) ? a : b);
        }
        return List.copyOf(latest.values());
    }

    private static Finding finding(String code, double confidence, String kind, Map<String, String> values,
                                   String explanation, Set<String> ids, List<String> identifiers) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", kind);
        if (!values.isEmpty()) {
            evidence.put("sources", values.entrySet().stream()
                    .map(e -> Map.of("source", e.getKey(), "value", e.getValue())).toList());
        }
        evidence.put("explanation", explanation);
        return new Finding(code, DETECTOR, confidence, evidence, List.copyOf(ids), identifiers);
    }
}
