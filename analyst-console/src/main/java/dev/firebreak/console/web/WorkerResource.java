package dev.firebreak.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.console.client.Aggregator;
import dev.firebreak.console.view.NetworkDrawing;
import dev.firebreak.console.view.Tiers;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A worker's page: tier and score, every flag with its evidence in words, the advisory's passage and the sources, the
 * recommended actions for the tenant's role, a timeline, the network drawn, the case, the review actions, and the
 * disclosure report (Markdown to download, or a printable page). Every form posts back here with its CSRF token and
 * redirects to the page (post/redirect/get), so a reload never posts twice.
 */
@Path("/workers/{workerId}")
public class WorkerResource {

    /** A worker id as the services accept it; anything else is not a worker (404), and is never sent on. */
    static final String WORKER_ID = "[A-Za-z0-9._:@-]{1,100}";

    @Inject
    @RestClient
    Aggregator aggregator;

    @Inject
    Person person;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance worker(@PathParam("workerId") String workerId) {
        checked(workerId);
        JsonNode assessment = ServiceProblem.call("risk-aggregator", () -> aggregator.assessment(workerId));
        JsonNode workerCase = ServiceProblem.call("risk-aggregator", () -> aggregator.workerCase(workerId));
        JsonNode report = ServiceProblem.call("risk-aggregator", () -> aggregator.report(workerId));
        String clusterId = assessment.path("network").path("clusterId").asText(null);
        NetworkDrawing.Drawing drawing = null;
        if (clusterId != null && !clusterId.isEmpty()) {
            drawing = NetworkDrawing.draw(ServiceProblem.call("risk-aggregator", () -> aggregator.network(clusterId)),
                    workerId);
        }
        List<String> codes = new ArrayList<>();
        assessment.path("flags").forEach(f -> codes.add(f.path("code").asText()));
        String tier = assessment.path("tier").asText();
        Views.Worker worker = new Views.Worker(workerId, tier, Tiers.label(tier),
                String.format(Locale.UK, "%.2f", assessment.path("score").asDouble()),
                Views.when(Views.instant(assessment.path("asOf"))), Views.when(Views.instant(assessment.path("updatedAt"))),
                assessment.path("tenantRole").asText(null), Views.flags(assessment.path("flags")),
                Views.actions(assessment.path("recommendedActions")), clusterId, drawing, Views.workerCase(workerCase),
                Views.timeline(report, assessment.path("history")), codes);
        return Pages.worker(person, worker);
    }

    @POST
    @Path("/reviews")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response review(@PathParam("workerId") String workerId, @FormParam("action") String action,
                           @FormParam("code") String code, @FormParam("note") String note) {
        checked(workerId);
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("action", action);
        if (QueueResource.blank(code) != null) {
            review.put("code", code.trim());
        }
        if (QueueResource.blank(note) != null) {
            review.put("note", note.strip());
        }
        ServiceProblem.call("risk-aggregator", () -> aggregator.review(workerId, review));
        return seeOther(workerId, "reviews");
    }

    @POST
    @Path("/case")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateCase(@PathParam("workerId") String workerId, @FormParam("status") String status,
                               @FormParam("assignee") String assignee, @FormParam("note") String note,
                               @FormParam("version") String version) {
        checked(workerId);
        Map<String, Object> change = new LinkedHashMap<>();
        if (QueueResource.blank(status) != null) {
            change.put("status", status.trim());
        }
        if (assignee != null) {
            change.put("assignee", assignee.trim()); // empty: unassigned
        }
        if (QueueResource.blank(note) != null) {
            change.put("note", note.strip());
        }
        ServiceProblem.call("risk-aggregator", () -> aggregator.updateCase(workerId, ifMatch(version), change));
        return seeOther(workerId, "case");
    }

    @POST
    @Path("/assign-to-me")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response assignToMe(@PathParam("workerId") String workerId, @FormParam("version") String version) {
        checked(workerId);
        ServiceProblem.call("risk-aggregator", () -> aggregator.updateCase(workerId, ifMatch(version),
                Map.of("assignee", person.name(), "status", "IN_REVIEW")));
        return seeOther(workerId, "case");
    }

    @GET
    @Path("/report.md")
    @Produces("text/markdown")
    public Response reportMarkdown(@PathParam("workerId") String workerId) {
        checked(workerId);
        String markdown = ServiceProblem.call("risk-aggregator", () -> aggregator.reportMarkdown(workerId, "markdown"));
        return Response.ok(markdown, "text/markdown; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"firebreak-report-" + workerId + ".md\"").build();
    }

    @GET
    @Path("/report")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance report(@PathParam("workerId") String workerId) {
        checked(workerId);
        return Pages.report(Views.report(ServiceProblem.call("risk-aggregator", () -> aggregator.report(workerId))));
    }

    /** The case version the page was rendered with, as the ETag the API checks (a change made meanwhile: refused). */
    private static String ifMatch(String version) {
        return version != null && version.matches("[0-9]{1,9}") ? "\"v" + version + "\"" : null;
    }

    static void checked(String workerId) {
        if (workerId == null || !workerId.matches(WORKER_ID)) {
            throw new ServiceProblem(404, "no worker of that id");
        }
    }

    private static Response seeOther(String workerId, String fragment) {
        return Response.seeOther(UriBuilder.fromPath("/workers/{id}").fragment(fragment).build(workerId)).build();
    }
}
