package dev.firebreak.aggregator.api;

import dev.firebreak.aggregator.assessment.AssessmentService;
import dev.firebreak.aggregator.review.Cases;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.tenancy.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.time.Instant;

/**
 * A worker's case (issue 26): who works on it and how far they are, with notes; kept and audited here so that every
 * client (the analyst console, a tenant's own case tool) sees the same. {@code ETag} / {@code If-Match} carry the
 * case's version: an edit made on a case someone changed meanwhile is refused (412), not lost.
 */
@Path("/api/v1/workers/{workerId}/case")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
public class CaseResource {

    private final Cases cases;
    private final AssessmentService assessments;
    private final TenantContext tenant;

    public CaseResource(Cases cases, AssessmentService assessments, TenantContext tenant) {
        this.cases = cases;
        this.assessments = assessments;
        this.tenant = tenant;
    }

    /** A change: a null status or assignee leaves it as it is, an empty assignee unassigns; a note is added. */
    public record CaseRequest(@Pattern(regexp = "OPEN|IN_REVIEW|CLOSED", message = "must be OPEN, IN_REVIEW or CLOSED")
                              String status,
                              @Pattern(regexp = "|" + AssessmentResource.ASSIGNEE,
                                      message = "a user name (letters, digits, . _ @ -), or empty to unassign")
                              String assignee,
                              @Size(max = 4000) String note) {
    }

    @GET
    @RolesAllowed("analyst")
    @Operation(summary = "The worker's case: status, assignee, notes (an open, unassigned case at version 0 if none)")
    public Response get(@PathParam("workerId") @Pattern(regexp = AssessmentResource.WORKER_ID) String workerId) {
        String tenantId = tenant.tenantId();
        Cases.Case found = QuarkusTransaction.requiringNew().call(() -> {
            known(tenantId, workerId);
            return cases.get(tenantId, workerId);
        });
        return Response.ok(found).tag(tag(found)).build();
    }

    @PUT
    @RolesAllowed("analyst")
    @Operation(summary = "Changes the worker's case (status, assignee, a note); audited. If-Match: the ETag read, or 412")
    public Response put(@PathParam("workerId") @Pattern(regexp = AssessmentResource.WORKER_ID) String workerId,
                        @HeaderParam("If-Match") String ifMatch, @NotNull @Valid CaseRequest request) {
        String tenantId = tenant.tenantId();
        Integer expected = version(ifMatch);
        String actor = tenant.actor();
        Cases.Case updated = QuarkusTransaction.requiringNew().call(() -> {
            known(tenantId, workerId);
            return cases.update(tenantId, workerId,
                    request.status() == null ? null : Cases.Status.valueOf(request.status()),
                    request.assignee(), request.note(), expected, actor);
        });
        return Response.ok(updated).tag(tag(updated)).build();
    }

    /** A case is kept only for a worker the aggregator assesses (404 otherwise, as for its assessment). */
    private void known(String tenantId, String workerId) {
        if (!cases.exists(tenantId, workerId)) {
            assessments.assess(tenantId, workerId, Instant.now(), null);
        }
    }

    private static EntityTag tag(Cases.Case c) {
        return new EntityTag("v" + c.version());
    }

    private static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String t = ifMatch.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        if (t.matches("\"v[0-9]{1,9}\"")) {
            return Integer.parseInt(t.substring(2, t.length() - 1));
        }
        throw new ProblemException(400, "Bad Request", "If-Match must be the ETag of the case as read, such as \"v3\"");
    }
}
