package dev.firebreak.aggregator.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.erasure.SubjectAccess;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A subject-access export (issue 29): what every service holds about one worker, in one document. The aggregator's own
 * part is read here; each other service's comes from its {@code GET /api/v1/workers/{id}/export}, asked with the
 * caller's own token (so a service answers only for the caller's tenant, and only to an admin). A service that does
 * not answer is named as such and the export says it is incomplete: an export that silently left a service out would
 * tell the worker less than is held.
 */
@ApplicationScoped
public class SubjectExport {

    private static final Logger LOG = Logger.getLogger(SubjectExport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The other services' base URLs ({@code firebreak.export.services."<service>"=<url>}). */
    @ConfigMapping(prefix = "firebreak.export")
    public interface Settings {
        Map<String, String> services();
    }

    /** One service's part: {@code HELD}, {@code NOTHING_HELD} or {@code UNAVAILABLE} (with why, never data). */
    public record Part(String service, String status, String reason, JsonNode items) {
    }

    /** The export. */
    public record Export(String workerId, Instant exportedAt, boolean complete, List<Part> services) {
    }

    private final SubjectAccess own;
    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SubjectExport(SubjectAccess own, Settings settings) {
        this.own = own;
        this.settings = settings;
    }

    public Export export(String tenantId, String workerId, String bearer) {
        List<Part> parts = new ArrayList<>();
        List<SubjectAccess.Item> mine = own.held(tenantId, workerId);
        parts.add(new Part("risk-aggregator", mine.isEmpty() ? "NOTHING_HELD" : "HELD", null,
                JSON.valueToTree(mine)));
        for (Map.Entry<String, String> service : new TreeMap<>(settings.services()).entrySet()) {
            parts.add(ask(service.getKey(), service.getValue(), workerId, bearer));
        }
        boolean complete = parts.stream().noneMatch(p -> p.status().equals("UNAVAILABLE"));
        if (complete && parts.stream().allMatch(p -> p.status().equals("NOTHING_HELD"))) {
            throw ProblemException.notFound("worker " + workerId);
        }
        return new Export(workerId, Instant.now(), complete, parts);
    }

    private Part ask(String service, String url, String workerId, String bearer) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/workers/"
                            + URLEncoder.encode(workerId, StandardCharsets.UTF_8) + "/export"))
                    .header("Authorization", "Bearer " + bearer).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return switch (response.statusCode()) {
                case 200 -> new Part(service, "HELD", null, JSON.readTree(response.body()).path("items"));
                case 404 -> new Part(service, "NOTHING_HELD", null, JSON.createArrayNode());
                default -> unavailable(service, "HTTP " + response.statusCode());
            };
        } catch (IOException e) {
            return unavailable(service, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(service, "interrupted");
        }
    }

    private static Part unavailable(String service, String reason) {
        LOG.warnf("subject-access export: %s did not answer (%s)", service, reason);
        return new Part(service, "UNAVAILABLE", reason, JSON.createArrayNode());
    }

    /** The export as Markdown, for the worker or the DPO to read: per service, per item, its purpose and records. */
    public static String markdown(Export export) {
        StringBuilder md = new StringBuilder();
        md.append("# What is held about worker ").append(export.workerId()).append("\n\n");
        md.append("Exported ").append(export.exportedAt()).append(export.complete() ? "." : ". **Incomplete**: "
                + "a service did not answer (below).").append("\n");
        for (Part part : export.services()) {
            md.append("\n## ").append(part.service()).append("\n\n");
            switch (part.status()) {
                case "NOTHING_HELD" -> md.append("Nothing held.\n");
                case "UNAVAILABLE" -> md.append("Did not answer (").append(part.reason()).append(").\n");
                default -> {
                    for (JsonNode item : part.items()) {
                        md.append("### ").append(item.path("kind").asText()).append("\n\n");
                        md.append("Purpose: ").append(item.path("purpose").asText()).append("\n\n");
                        for (JsonNode record : item.path("records")) {
                            md.append("*");
                            record.fields().forEachRemaining(f -> {
                                if (!f.getValue().isNull()) {
                                    md.append(" ").append(f.getKey()).append(": ")
                                            .append(f.getValue().isTextual() ? f.getValue().asText()
                                                    : f.getValue().toString()).append(";");
                                }
                            });
                            md.setLength(md.length() - (md.charAt(md.length() - 1) == ';' ? 1 : 0));
                            md.append("\n");
                        }
                        md.append("\n");
                    }
                }
            }
        }
        return md.toString();
    }
}
