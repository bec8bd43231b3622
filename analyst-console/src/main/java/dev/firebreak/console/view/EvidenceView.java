package dev.firebreak.console.view;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A flag's evidence as a person reads it, not as JSON: the detector's own sentence first, then each detail under a
 * label in words, with times in UTC, yes/no for flags, lists joined, keyed hashes shortened (the full value kept for
 * a tooltip and copy), and nested details (a linking path, the transfers behind a flag) as rows of their own.
 *
 * <p>The evidence differs per detector (the catalogue's codes each say what they saw), so this is a general renderer
 * with the known keys named and ordered; a key it does not know is still shown, labelled from its name.
 */
public final class EvidenceView {

    /** One detail: a label, its text (the full value in {@code title} when shortened), and nested rows, if any. */
    public record Item(String label, String text, String title, List<Row> rows) {
        public boolean hasRows() {
            return rows != null && !rows.isEmpty();
        }
    }

    /** A row of a nested list of details (one step of a path, one transfer). */
    public record Row(List<Item> cells) {
    }

    /** The rendered evidence: the sentence, and the details. */
    public record Rendered(String explanation, List<Item> items) {
        public boolean isEmpty() {
            return (explanation == null || explanation.isBlank()) && items.isEmpty();
        }
    }

    private static final Pattern HASH = Pattern.compile("v[0-9]+:[0-9a-f]{64}");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.UK)
            .withZone(ZoneOffset.UTC);
    /** Keys shown first, in this order, with their labels; the rest follow in the evidence's own order. */
    private static final Map<String, String> KNOWN = orderedLabels(
            "kind", "What",
            "linkedWorker", "Linked worker",
            "linkedWorkerTier", "Linked worker's tier",
            "path", "Linked through",
            "identifierType", "Shared identifier",
            "identifier", "Identifier",
            "country", "Country",
            "countries", "Countries",
            "declaredCountry", "Declared country",
            "ownCountry", "The worker's own country",
            "ip", "IP address",
            "ips", "IP addresses",
            "device", "Device",
            "accounts", "Accounts",
            "workers", "Workers",
            "matchedName", "Listed name",
            "listName", "List",
            "score", "Match score",
            "amount", "Amount",
            "currency", "Currency",
            "transfers", "Transfers",
            "from", "From",
            "to", "To",
            "at", "When",
            "seenBy", "Seen by");

    private EvidenceView() {
    }

    public static Rendered render(JsonNode evidence) {
        if (evidence == null || evidence.isNull() || evidence.isMissingNode()) {
            return new Rendered(null, List.of());
        }
        if (!evidence.isObject()) {
            return new Rendered(scalar(evidence).text(), List.of());
        }
        String explanation = evidence.path("explanation").isTextual() ? evidence.path("explanation").asText() : null;
        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, String> known : KNOWN.entrySet()) {
            if (evidence.has(known.getKey())) {
                items.add(item(known.getValue(), evidence.get(known.getKey())));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = evidence.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("explanation") && !KNOWN.containsKey(field.getKey())) {
                items.add(item(label(field.getKey()), field.getValue()));
            }
        }
        items.removeIf(i -> i.text().isEmpty() && !i.hasRows());
        return new Rendered(explanation, items);
    }

    private static Item item(String label, JsonNode value) {
        if (value.isArray() && value.size() > 0 && value.get(0).isObject()) {
            List<Row> rows = new ArrayList<>();
            for (JsonNode element : value) {
                rows.add(new Row(render(element).items()));
            }
            return new Item(label, "", null, rows);
        }
        if (value.isObject()) {
            return new Item(label, "", null, List.of(new Row(render(value).items())));
        }
        if (value.isArray()) {
            List<String> texts = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            for (JsonNode element : value) {
                Item one = scalar(element);
                texts.add(one.text());
                titles.add(one.title() == null ? one.text() : one.title());
            }
            String text = String.join(", ", texts);
            String title = String.join(", ", titles);
            return new Item(label, text, title.equals(text) ? null : title, null);
        }
        Item one = scalar(value);
        return new Item(label, one.text(), one.title(), null);
    }

    /** A single value in words: yes/no, a number, a time in UTC, a shortened keyed hash, or the text. */
    public static Item scalar(JsonNode value) {
        if (value == null || value.isNull()) {
            return new Item(null, "", null, null);
        }
        if (value.isBoolean()) {
            return new Item(null, value.asBoolean() ? "yes" : "no", null, null);
        }
        if (value.isIntegralNumber()) {
            return new Item(null, String.format(Locale.UK, "%,d", value.asLong()), null, null);
        }
        if (value.isNumber()) {
            double d = value.asDouble();
            return new Item(null, d > 0 && d <= 1 ? String.format(Locale.UK, "%.2f", d)
                    : String.format(Locale.UK, "%,.2f", d), null, null);
        }
        String text = value.asText();
        if (HASH.matcher(text).matches()) {
            // a keyed hash: the same value always gives the same hash, which is what links two workers; the end is
            // enough to compare by eye
            return new Item(null, "keyed hash …" + text.substring(text.length() - 8), text, null);
        }
        if (text.length() >= 20 && text.length() <= 35 && Character.isDigit(text.charAt(0)) && text.contains("T")) {
            try {
                return new Item(null, WHEN.format(Instant.parse(text)), text, null);
            } catch (DateTimeParseException notATime) {
                // shown as it is
            }
        }
        return new Item(null, text, null, null);
    }

    /** {@code linkedWorkerTier} → "Linked worker tier"; {@code PL_08_count} → "Pl 08 count". */
    public static String label(String key) {
        String spaced = key.replace('_', ' ').replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.UK).strip();
        return spaced.isEmpty() ? key : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static Map<String, String> orderedLabels(String... pairs) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }
}
