package dev.firebreak.aggregator.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.aggregator.assessment.Assessment;
import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.aggregator.assessment.AssessmentService;
import dev.firebreak.aggregator.assessment.Consistency;
import dev.firebreak.aggregator.assessment.Mitigations;
import dev.firebreak.aggregator.evidence.EvidenceReader;
import dev.firebreak.aggregator.evidence.StoredObservation;
import dev.firebreak.aggregator.evidence.StoredSignal;
import dev.firebreak.aggregator.network.Cluster;
import dev.firebreak.aggregator.network.Link;
import dev.firebreak.aggregator.network.Links;
import dev.firebreak.aggregator.review.Audit;
import dev.firebreak.aggregator.review.Reviews;
import dev.firebreak.kit.persistence.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Builds a worker's {@link Report} and renders it as Markdown. */
@ApplicationScoped
public class ReportService {

    static final List<String> REPORTING_ROUTE = List.of(
            "Report a suspected breach of financial sanctions to OFSI (HM Treasury) through its online breach reporting form.",
            "If in the regulated sector, submit a Suspicious Activity Report to the National Crime Agency quoting "
                    + "\"OFSI – DPRK IT Workers Advisory – 0924\".",
            "Do not make funds or economic resources available to the worker or the linked parties while the report is pending;"
                    + " seek legal advice on any licence needed.");

    private final AssessmentService assessments;
    private final AssessmentRefresh states;
    private final Links links;
    private final Reviews reviews;
    private final Audit audit;
    private final EntityManager em;
    private final ObjectMapper json;
    private final EvidenceReader reader;

    public ReportService(AssessmentService assessments, AssessmentRefresh states, Links links, Reviews reviews, Audit audit,
                         EntityManager em, ObjectMapper json, EvidenceReader reader) {
        this.reader = reader;
        this.assessments = assessments;
        this.states = states;
        this.links = links;
        this.reviews = reviews;
        this.audit = audit;
        this.em = em;
        this.json = json;
    }

    @Transactional
    public Report report(String tenantId, String workerId, Instant asOf, Mitigations.Role role) {
        Assessment assessment = assessments.assess(tenantId, workerId, asOf, role);
        List<Report.Identifier> identifiers = identifiers(tenantId, workerId, asOf);
        List<Link> direct = links.links(tenantId, workerId, asOf);
        Set<String> members = new TreeSet<>(assessment.network().linkedWorkers());
        members.add(workerId);
        Report.Network network = new Report.Network(assessment.network().clusterId(), states.tiers(tenantId, members),
                direct.stream().map(l -> new Report.Link(l.to(), l.type(), l.value(), List.of(l.fromSource(), l.toSource()),
                        l.since())).toList());
        List<Report.Event> timeline = new ArrayList<>();
        for (StoredSignal s : reader.signals(tenantId, List.of(workerId)).get(workerId)) {
            if (!s.observedAt.isAfter(asOf)) {
                JsonNode evidence = parse(s.evidence);
                timeline.add(new Report.Event(s.observedAt, "SIGNAL", s.code, s.source,
                        evidence.path("explanation").asText(s.code + " raised by " + s.detector), evidence));
            }
        }
        for (Link l : direct) {
            timeline.add(new Report.Event(l.since(), "LINK", null, l.toSource(), "shares " + l.type() + " with " + l.to(), null));
        }
        List<Reviews.Review> reviewed = reviews.all(tenantId, workerId).stream().filter(r -> !r.at().isAfter(asOf)).toList();
        for (Reviews.Review r : reviewed) {
            timeline.add(new Report.Event(r.at(), "REVIEW", r.code(), r.analyst(), r.action()
                    + (r.note() == null ? "" : ": " + r.note()), null));
        }
        timeline.sort(Comparator.comparing(Report.Event::at).thenComparing(Report.Event::kind)
                .thenComparing(e -> e.code() == null ? "" : e.code()));
        return new Report("Disclosure draft — suspected DPRK IT worker activity (OFSI advisory 0924)", tenantId, workerId,
                Instant.now(), asOf, assessment, identifiers, network, timeline, reviewed, audit.history(tenantId, workerId),
                REPORTING_ROUTE);
    }

    private List<Report.Identifier> identifiers(String tenantId, String workerId, Instant asOf) {
        List<Report.Identifier> identifiers = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select type, value, source, first_seen from worker_identifier
                        where tenant_id = ?1 and worker_id = ?2 and first_seen <= ?3 order by type, value""")
                .setParameter(1, tenantId).setParameter(2, workerId).setParameter(3, asOf).getResultList();
        for (Object[] r : rows) {
            identifiers.add(new Report.Identifier((String) r[0], (String) r[1], (String) r[2], Timestamps.instant(r[3])));
        }
        Set<String> types = new TreeSet<>(Consistency.TYPES);
        types.add(Links.PLATFORM_ACCOUNT);
        types.add(Links.PAYMENT_PARTY);
        Set<String> seen = new TreeSet<>();
        for (StoredObservation o : reader.facts(tenantId, List.of(workerId), types, asOf).get(workerId)) {
            if (seen.add(o.type + "|" + o.value + "|" + o.source)) {
                identifiers.add(new Report.Identifier(o.type, o.value, o.source, o.observedAt));
            }
        }
        return identifiers;
    }

    private JsonNode parse(String evidence) {
        try {
            return json.readTree(evidence);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /** The report as a readable Markdown document. */
    public static String markdown(Report r) {
        StringBuilder md = new StringBuilder();
        Assessment a = r.assessment();
        md.append("# ").append(r.title()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Worker", r.workerId());
        row(md, "Tenant", r.tenantId() + (a.tenantRole() == null ? "" : " (" + a.tenantRole() + ")"));
        row(md, "Tier", a.tier().name());
        row(md, "Score", String.format(Locale.ROOT, "%.4f", a.score()));
        row(md, "Evidence as of", r.asOf().toString());
        row(md, "Generated", r.generatedAt().toString());
        md.append("\n## Red flags\n\n");
        if (a.flags().isEmpty()) {
            md.append("None.\n");
        }
        for (Assessment.Flag f : a.flags()) {
            md.append("### ").append(f.code()).append(" — ").append(f.title()).append("\n\n");
            md.append("- Severity ").append(f.severity()).append(", confidence ")
                    .append(String.format(Locale.ROOT, "%.2f", f.confidence()))
                    .append(f.active() ? ", active" : ", not active").append(f.dismissed() ? " (dismissed by an analyst)" : "")
                    .append("\n");
            md.append("- Seen ").append(f.occurrences()).append(" time(s), ").append(f.firstSeen()).append(" to ")
                    .append(f.lastSeen()).append(", by ").append(String.join(", ", f.sources())).append("\n");
            md.append("- Why: ").append(explanation(f.evidence())).append("\n");
            md.append("- Advisory: ").append(f.advisoryPassage().replace("\n", " ")).append("\n\n");
        }
        md.append("## Identifiers\n\n| type | value | seen by | first seen |\n|---|---|---|---|\n");
        for (Report.Identifier i : r.identifiers()) {
            md.append("| ").append(i.type()).append(" | `").append(i.value()).append("` | ").append(i.seenBy())
                    .append(" | ").append(i.firstSeen()).append(" |\n");
        }
        md.append("\n## Network\n\n");
        if (r.network().clusterId() == null) {
            md.append("Not linked to other workers.\n");
        } else {
            md.append("Cluster `").append(r.network().clusterId()).append("`: ");
            List<String> members = new ArrayList<>();
            r.network().memberTiers().forEach((w, t) -> members.add(w + " (" + t + ")"));
            md.append(String.join(", ", members)).append("\n\n| linked worker | shared identifier | seen by | since |\n|---|---|---|---|\n");
            for (Report.Link l : r.network().links()) {
                md.append("| ").append(l.with()).append(" | ").append(l.identifierType()).append(" `").append(l.identifier())
                        .append("` | ").append(String.join(", ", l.seenBy())).append(" | ").append(l.since()).append(" |\n");
            }
        }
        md.append("\n## Timeline\n\n| when | what | source | detail |\n|---|---|---|---|\n");
        for (Report.Event e : r.timeline()) {
            md.append("| ").append(e.at()).append(" | ").append(e.kind()).append(e.code() == null ? "" : " " + e.code())
                    .append(" | ").append(e.source()).append(" | ").append(e.description().replace("|", "\\|")).append(" |\n");
        }
        md.append("\n## Reviews\n\n");
        if (r.reviews().isEmpty()) {
            md.append("None yet.\n");
        }
        for (Reviews.Review rv : r.reviews()) {
            md.append("- ").append(rv.at()).append(" ").append(rv.analyst()).append(": ").append(rv.action())
                    .append(rv.code() == null ? "" : " " + rv.code()).append(rv.note() == null ? "" : " — " + rv.note())
                    .append("\n");
        }
        md.append("\n## Recommended actions\n\n");
        for (Assessment.RecommendedAction action : a.recommendedActions()) {
            md.append("- ").append(action.action()).append(" (").append(action.flag()).append(")\n");
        }
        md.append("\n## Reporting\n\n");
        for (String step : r.reportingRoute()) {
            md.append("- ").append(step).append("\n");
        }
        return md.toString();
    }

    private static String explanation(JsonNode evidence) {
        if (evidence == null) {
            return "";
        }
        if (evidence.hasNonNull("explanation")) {
            return evidence.get("explanation").asText();
        }
        if (evidence.has("acrossServices")) {
            return explanation(evidence.get("signal")) + "; " + explanation(evidence.get("acrossServices"));
        }
        return evidence.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
