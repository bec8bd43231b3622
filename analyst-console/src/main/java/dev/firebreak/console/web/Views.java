package dev.firebreak.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.console.view.EvidenceView;
import dev.firebreak.console.view.NetworkDrawing;
import dev.firebreak.console.view.Tiers;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What each page shows, read from the services' JSON answers into plain records for the templates. */
public final class Views {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.UK)
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    // --- the queue

    public record Queue(List<TierCount> tiers, long total, Long changed, String since, Filter filter,
                        List<QueueRow> rows, String nextUrl, boolean filtered) {
    }

    public record TierCount(String tier, String label, long count, boolean selected) {
    }

    public record Filter(String tier, String code, String status, String assignee, String review, String q) {
        public boolean any() {
            return tier != null || code != null || status != null || assignee != null || review != null || q != null;
        }
    }

    public record QueueRow(String workerId, String tier, String tierLabel, String score, String codes,
                           String caseStatus, String assignee, String lastReview, boolean changed, String tierChangedAt) {
    }

    static List<TierCount> tierCounts(JsonNode counts, String selected) {
        List<TierCount> tiers = new ArrayList<>();
        for (String tier : Tiers.ORDER.reversed()) {
            tiers.add(new TierCount(tier, Tiers.label(tier), counts.path("tiers").path(tier).asLong(), tier.equals(selected)));
        }
        return tiers;
    }

    static List<QueueRow> queueRows(JsonNode rows, Instant since) {
        List<QueueRow> out = new ArrayList<>();
        for (JsonNode r : rows) {
            Instant changedAt = instant(r.path("tierChangedAt"));
            List<String> codes = new ArrayList<>();
            r.path("codes").forEach(c -> codes.add(c.asText()));
            out.add(new QueueRow(r.path("workerId").asText(), r.path("tier").asText(), Tiers.label(r.path("tier").asText()),
                    String.format(Locale.UK, "%.2f", r.path("score").asDouble()), String.join(", ", codes),
                    status(r.path("caseStatus").asText("OPEN")), text(r.path("assignee")), text(r.path("lastReview")),
                    since != null && changedAt != null && changedAt.isAfter(since), when(changedAt)));
        }
        return out;
    }

    // --- a worker

    public record Worker(String workerId, String tier, String tierLabel, String score, String asOf, String updatedAt,
                         String tenantRole, List<Flag> flags, List<Action> actions, String clusterId,
                         NetworkDrawing.Drawing drawing, Case workerCase, List<TimelineEntry> timeline,
                         List<String> codes) {
        public boolean hasFlags() {
            return !flags.isEmpty();
        }

        /** The tenant's role in words: "a hiring firm", "a platform", "an EMI". */
        public String roleLabel() {
            return switch (tenantRole == null ? "" : tenantRole) {
                case "HIRING_FIRM" -> "a hiring firm";
                case "PLATFORM" -> "a freelance platform";
                case "EMI" -> "an EMI";
                default -> tenantRole;
            };
        }
    }

    public record Flag(String code, String title, String category, String severity, String confidence, boolean active,
                       boolean counted, boolean dismissed, String review, String firstSeen, String lastSeen,
                       String expiresAt, int occurrences, EvidenceView.Rendered evidence, String advisory,
                       String sources) {
        /** How the flag stands, in words. */
        public String standing() {
            if (dismissed) {
                return "dismissed by an analyst";
            }
            if (!active) {
                return "no longer active (expired or below the confidence that counts)";
            }
            return counted ? "counts toward the tier" : "shown, not counted";
        }
    }

    public record Action(String action, String flag) {
    }

    public record Case(String status, String statusLabel, String assignee, int version, String updatedAt,
                       String updatedBy, List<Note> notes) {
    }

    public record Note(String note, String author, String at) {
    }

    public record TimelineEntry(String at, String kind, String text, String actor) {
        public String kindClass() {
            return kind.toLowerCase(Locale.UK).replace(' ', '-');
        }
    }

    static List<Flag> flags(JsonNode flags) {
        List<Flag> out = new ArrayList<>();
        for (JsonNode f : flags) {
            List<String> sources = new ArrayList<>();
            f.path("sources").forEach(s -> sources.add(s.asText()));
            out.add(new Flag(f.path("code").asText(), f.path("title").asText(), f.path("category").asText(),
                    f.path("severity").asText(), String.format(Locale.UK, "%.0f %%", f.path("confidence").asDouble() * 100),
                    f.path("active").asBoolean(), f.path("counted").asBoolean(), f.path("dismissed").asBoolean(),
                    text(f.path("review")), when(instant(f.path("firstSeen"))), when(instant(f.path("lastSeen"))),
                    f.path("expiresAt").isMissingNode() || f.path("expiresAt").isNull() ? "does not expire"
                            : when(instant(f.path("expiresAt"))),
                    f.path("occurrences").asInt(), EvidenceView.render(f.path("evidence")),
                    text(f.path("advisoryPassage")), String.join(", ", sources)));
        }
        return out;
    }

    static List<Action> actions(JsonNode actions) {
        List<Action> out = new ArrayList<>();
        for (JsonNode a : actions) {
            out.add(new Action(a.path("action").asText(), text(a.path("flag"))));
        }
        return out;
    }

    static Case workerCase(JsonNode c) {
        List<Note> notes = new ArrayList<>();
        for (JsonNode n : c.path("notes")) {
            notes.add(new Note(n.path("note").asText(), n.path("author").asText(), when(instant(n.path("at")))));
        }
        String status = c.path("status").asText("OPEN");
        return new Case(status, status(status), text(c.path("assignee")), c.path("version").asInt(),
                when(instant(c.path("updatedAt"))), text(c.path("updatedBy")), notes);
    }

    /** Signals, links and reviews (the report's timeline) and tier changes and case changes (the history), newest first. */
    static List<TimelineEntry> timeline(JsonNode report, JsonNode history) {
        record Dated(Instant at, TimelineEntry entry) {
        }
        List<Dated> all = new ArrayList<>();
        for (JsonNode e : report.path("timeline")) {
            if ("REVIEW".equals(e.path("kind").asText())) {
                continue; // the history has it, with the analyst
            }
            Instant at = instant(e.path("at"));
            String code = text(e.path("code"));
            all.add(new Dated(at, new TimelineEntry(when(at), kindLabel(e.path("kind").asText()),
                    (code == null ? "" : code + ": ") + e.path("description").asText(), text(e.path("source")))));
        }
        for (JsonNode h : history) {
            Instant at = instant(h.path("at"));
            all.add(new Dated(at, new TimelineEntry(when(at), kindLabel(h.path("kind").asText()),
                    h.path("detail").asText(), h.path("actor").asText())));
        }
        all.sort(Comparator.comparing(Dated::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return all.stream().map(Dated::entry).toList();
    }

    private static String kindLabel(String kind) {
        return switch (kind) {
            case "SIGNAL" -> "Signal";
            case "LINK" -> "Link";
            case "TIER_CHANGED" -> "Tier changed";
            case "REVIEW" -> "Review";
            case "CASE" -> "Case";
            case "ERASURE" -> "Erasure";
            default -> EvidenceView.label(kind.toLowerCase(Locale.UK));
        };
    }

    // --- sanctions lists

    public record ListRow(String source, long version, int entries, String importedAt, String sha256) {
    }

    public record RescreenRow(long id, String source, long watchlistVersion, String createdAt, int workersScreened,
                              int signalsRaised, String finishedAt) {
    }

    static List<ListRow> lists(JsonNode lists) {
        List<ListRow> out = new ArrayList<>();
        for (JsonNode l : lists) {
            out.add(new ListRow(l.path("source").asText(), l.path("version").asLong(), l.path("entries").asInt(),
                    when(instant(l.path("importedAt"))), l.path("sha256").asText()));
        }
        return out;
    }

    static List<RescreenRow> rescreens(JsonNode jobs) {
        List<RescreenRow> out = new ArrayList<>();
        for (JsonNode j : jobs) {
            out.add(new RescreenRow(j.path("id").asLong(), j.path("source").asText(), j.path("watchlistVersion").asLong(),
                    when(instant(j.path("createdAt"))), j.path("workersScreened").asInt(), j.path("signalsRaised").asInt(),
                    j.path("finishedAt").isNull() ? "running" : when(instant(j.path("finishedAt")))));
        }
        return out;
    }

    // --- the printable report

    public record Report(String title, String tenantId, String workerId, String generatedAt, String asOf, String tier,
                         String score, List<Flag> flags, List<Identifier> identifiers, List<Link> links,
                         List<TimelineEntry> timeline, List<String> reportingRoute) {
    }

    public record Identifier(String type, String value, String seenBy, String firstSeen) {
    }

    public record Link(String with, String identifierType, String identifier, String seenBy, String since) {
    }

    static Report report(JsonNode r) {
        List<Identifier> identifiers = new ArrayList<>();
        for (JsonNode i : r.path("identifiers")) {
            identifiers.add(new Identifier(i.path("type").asText(), EvidenceView.scalar(i.path("value")).text(),
                    i.path("seenBy").asText(), when(instant(i.path("firstSeen")))));
        }
        List<Link> links = new ArrayList<>();
        for (JsonNode l : r.path("network").path("links")) {
            List<String> seenBy = new ArrayList<>();
            l.path("seenBy").forEach(s -> seenBy.add(s.asText()));
            links.add(new Link(l.path("with").asText(), l.path("identifierType").asText(),
                    EvidenceView.scalar(l.path("identifier")).text(), String.join(", ", seenBy),
                    when(instant(l.path("since")))));
        }
        List<String> route = new ArrayList<>();
        r.path("reportingRoute").forEach(s -> route.add(s.asText()));
        JsonNode a = r.path("assessment");
        return new Report(r.path("title").asText(), r.path("tenantId").asText(), r.path("workerId").asText(),
                when(instant(r.path("generatedAt"))), when(instant(r.path("asOf"))), Tiers.label(a.path("tier").asText()),
                String.format(Locale.UK, "%.2f", a.path("score").asDouble()), flags(a.path("flags")), identifiers, links,
                timeline(r, r.path("history")), route);
    }

    // --- small things

    static String status(String status) {
        return switch (status) {
            case "IN_REVIEW" -> "In review";
            case "CLOSED" -> "Closed";
            default -> "Open";
        };
    }

    static Instant instant(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String when(Instant at) {
        return at == null ? "" : WHEN.format(at);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.asText().isEmpty() ? null : node.asText();
    }
}
