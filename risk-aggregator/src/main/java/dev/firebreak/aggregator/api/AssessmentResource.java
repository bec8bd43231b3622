package dev.firebreak.aggregator.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.firebreak.aggregator.assessment.Assessment;
import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.aggregator.assessment.AssessmentService;
import dev.firebreak.aggregator.assessment.FlagDefinitions;
import dev.firebreak.aggregator.assessment.Mitigations;
import dev.firebreak.aggregator.assessment.Tier;
import dev.firebreak.aggregator.assessment.WorkerList;
import dev.firebreak.aggregator.erasure.ErasureRequests;
import dev.firebreak.aggregator.erasure.SubjectExport;
import dev.firebreak.aggregator.report.Report;
import dev.firebreak.aggregator.report.ReportService;
import dev.firebreak.aggregator.review.Audit;
import dev.firebreak.aggregator.review.Cases;
import dev.firebreak.aggregator.review.Reviews;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.tenancy.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Per-worker assessments, reviews, reports and erasure for analysts and admins. */
@Path("/api/v1/workers")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@OpenAPIDefinition(info = @Info(title = "Firebreak risk-aggregator", version = "v1",
        description = "Linked, explained, per-worker assessments (UK OFSI DPRK IT workers advisory)"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class AssessmentResource {

    static final String WORKER_ID = "[A-Za-z0-9._:@-]{1,100}";

    private final AssessmentService assessments;
    private final AssessmentRefresh states;
    private final Reviews reviews;
    private final Audit audit;
    private final ErasureRequests erasures;
    private final ReportService reports;
    private final FlagDefinitions definitions;
    private final TenantContext tenant;
    private final SubjectExport exports;
    private final JsonWebToken jwt;
    private final WorkerList workerList;

    public AssessmentResource(AssessmentService assessments, AssessmentRefresh states, Reviews reviews, Audit audit,
                              ErasureRequests erasures, ReportService reports, FlagDefinitions definitions, TenantContext tenant,
                              SubjectExport exports, JsonWebToken jwt, WorkerList workerList) {
        this.workerList = workerList;
        this.exports = exports;
        this.jwt = jwt;
        this.assessments = assessments;
        this.states = states;
        this.reviews = reviews;
        this.audit = audit;
        this.erasures = erasures;
        this.reports = reports;
        this.definitions = definitions;
        this.tenant = tenant;
    }

    /** The assessment with the worker's audit history (tier changes, reviews). */
    public record AssessmentResponse(@JsonUnwrapped Assessment assessment, List<Audit.Entry> history) {
    }

    @GET
    @Path("/{workerId}/assessment")
    @RolesAllowed("analyst")
    @Operation(summary = "A worker's tier, score, every contributing flag and the recommended actions, at asOf (default now)")
    public AssessmentResponse assessment(@PathParam("workerId") @Pattern(regexp = WORKER_ID) String workerId,
                                         @QueryParam("asOf") String asOf) {
        String tenantId = tenant.tenantId();
        Assessment assessment = assessments.assess(tenantId, workerId, parse(asOf), role());
        return new AssessmentResponse(assessment, audit.history(tenantId, workerId));
    }

    @GET
    @Path("/{workerId}/history")
    @RolesAllowed({"analyst", "admin"})
    @Operation(summary = "The worker's audit history (tier changes, reviews, erasure), also after an erasure")
    public List<Audit.Entry> history(@PathParam("workerId") @Pattern(regexp = WORKER_ID) String workerId) {
        List<Audit.Entry> entries = audit.history(tenant.tenantId(), workerId);
        if (entries.isEmpty()) {
            throw ProblemException.notFound("history of worker " + workerId);
        }
        return entries;
    }

    @GET
    @RolesAllowed("analyst")
    @Operation(summary = "The tenant's assessed workers, highest score first: filtered by tier, flag code, case status,"
            + " assignee, last review, worker id (prefix) or tier change since a time; 50 a page (limit up to 200), the"
            + " next page's link in the Link header (rel=next)")
    public Response workers(@QueryParam("tier") String tier, @QueryParam("code") String code,
                            @QueryParam("status") String status, @QueryParam("assignee") String assignee,
                            @QueryParam("review") String review, @QueryParam("q") String q,
                            @QueryParam("changedSince") String changedSince, @QueryParam("after") String after,
                            @QueryParam("limit") String limit, @QueryParam("page") String page,
                            @Context UriInfo uri) {
        WorkerList.Filter filter = new WorkerList.Filter(tier(tier), code(code), status(status),
                text(assignee, "assignee", ASSIGNEE), review(review), text(q, "q", WORKER_ID),
                changedSince == null || changedSince.isBlank() ? null : instant("changedSince", changedSince));
        int size = number(limit, "limit", 1, WorkerList.MAX_LIMIT, WorkerList.DEFAULT_LIMIT);
        int number = number(page, "page", 0, 100_000, 0);
        String cursor = after == null || after.isBlank() ? null : after.trim();
        if (cursor != null && number > 0) {
            throw ProblemException.invalidField("page", "either a page number or a cursor (after), not both");
        }
        WorkerList.Page listed = workerList.list(tenant.tenantId(), filter, cursor, number * size, size);
        Response.ResponseBuilder response = Response.ok(listed.rows());
        if (listed.next() != null) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("page").replaceQueryParam("after", listed.next())
                    .build(), "next");
        }
        return response.build();
    }

    @GET
    @Path("/counts")
    @RolesAllowed("analyst")
    @Operation(summary = "How many of the tenant's workers are in each tier, and how many changed tier since a time")
    public WorkerList.Counts counts(@QueryParam("changedSince") String changedSince) {
        return workerList.counts(tenant.tenantId(),
                changedSince == null || changedSince.isBlank() ? null : instant("changedSince", changedSince));
    }

    static final String ASSIGNEE = "[A-Za-z0-9._@-]{1,200}";

    private static Tier tier(String tier) {
        if (tier == null || tier.isBlank()) {
            return null;
        }
        try {
            return Tier.valueOf(tier.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("tier", "one of CLEAR, MONITOR, ENHANCED_DUE_DILIGENCE, HIGH_RISK, CRITICAL");
        }
    }

    private String code(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        if (definitions.find(code.trim()).isEmpty()) {
            throw ProblemException.invalidField("code", "not a red-flag code of the catalogue");
        }
        return code.trim();
    }

    static Cases.Status status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return Cases.Status.valueOf(status.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("status", "one of OPEN, IN_REVIEW, CLOSED");
        }
    }

    private static String review(String review) {
        if (review == null || review.isBlank()) {
            return null;
        }
        String r = review.trim();
        if (!r.equals("NONE") && !Reviews.ACTIONS.contains(r)) {
            throw ProblemException.invalidField("review", "one of CONFIRM, DISMISS, ESCALATE, NONE");
        }
        return r;
    }

    private static String text(String value, String field, String pattern) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.trim().matches(pattern)) {
            throw ProblemException.invalidField(field, "must match " + pattern);
        }
        return value.trim();
    }

    private static int number(String value, String field, int min, int max, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProblemException.invalidField(field, "a whole number from " + min + " to " + max);
    }

    /** An ISO-8601 instant from a request, or a 400 naming the field. */
    static Instant instant(String field, String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 instant such as 2026-11-25T12:00:00Z");
        }
    }

    /** {@code POST /reviews}: CONFIRM, DISMISS (a code) or ESCALATE, with an optional note. */
    public record ReviewRequest(@NotNull @Pattern(regexp = "CONFIRM|DISMISS|ESCALATE",
            message = "must be CONFIRM, DISMISS or ESCALATE") String action,
                                @Pattern(regexp = "[A-Z]{2}-[0-9]{2}", message = "must be a red-flag code such as PM-08") String code,
                                @Size(max = 2000) String note) {
    }

    /** The stored review and the assessment after it. */
    public record ReviewResponse(Reviews.Review review, Tier tier, double score) {
    }

    @POST
    @Path("/{workerId}/reviews")
    @RolesAllowed("analyst")
    @Operation(summary = "An analyst confirms, dismisses (one code, until new evidence) or escalates; audited")
    public Response review(@PathParam("workerId") @Pattern(regexp = WORKER_ID) String workerId,
                           @NotNull @Valid ReviewRequest request) {
        String tenantId = tenant.tenantId();
        if (request.code() != null && definitions.find(request.code()).isEmpty()) {
            throw ProblemException.invalidField("code", "not a red-flag code of the catalogue");
        }
        String actor = tenant.actor();
        ReviewResponse response = QuarkusTransaction.requiringNew().call(() -> {
            assessments.assess(tenantId, workerId, Instant.now(), null); // 404 for a worker never reported
            Reviews.Review review = reviews.add(tenantId, workerId, request.code(), request.action(), request.note(), actor);
            states.refresh(tenantId, List.of(workerId));
            Assessment after = assessments.assess(tenantId, workerId, Instant.now(), null);
            return new ReviewResponse(review, after.tier(), after.score());
        });
        return Response.status(201).entity(response).build();
    }

    @DELETE
    @Path("/{workerId}")
    @RolesAllowed("admin")
    @Operation(summary = "Erase the worker everywhere: erased here at once, then by every service (worker.erasures); "
            + "202 with the erasure's status, followed at GET /api/v1/erasures/{id}")
    public Response erase(@PathParam("workerId") @Pattern(regexp = WORKER_ID) String workerId) {
        ErasureRequests.Requested requested = erasures.request(tenant.tenantId(), workerId, tenant.actor());
        return Response.accepted(requested)
                .location(java.net.URI.create("/api/v1/erasures/" + requested.erasure().erasureId())).build();
    }

    @GET
    @Path("/{workerId}/export")
    @RolesAllowed("admin")
    @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
    @Operation(summary = "Subject access: what every service holds about the worker, each item naming its service and "
            + "purpose (JSON, or Markdown with Accept: text/markdown or format=markdown); complete=false names a "
            + "service that did not answer")
    public Response export(@PathParam("workerId") @Pattern(regexp = WORKER_ID) String workerId,
                           @QueryParam("format") String format, @Context HttpHeaders headers) {
        SubjectExport.Export export = exports.export(tenant.tenantId(), workerId, jwt.getRawToken());
        boolean markdown = "markdown".equalsIgnoreCase(format) || (format == null
                && headers.getAcceptableMediaTypes().stream().anyMatch(m -> "markdown".equals(m.getSubtype())));
        if (markdown) {
            return Response.ok(SubjectExport.markdown(export), "text/markdown; charset=UTF-8").build();
        }
        return Response.ok(export, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{workerId}/report")
    @RolesAllowed("analyst")
    @Produces({MediaType.APPLICATION_JSON, "text/markdown"})
    @Operation(summary = "A disclosure draft: identifiers, flags, evidence, network, timeline (JSON, or Markdown with "
            + "Accept: text/markdown or format=markdown)")
    public Response report(@PathParam("workerId") @Pattern(regexp = WORKER_ID) String workerId,
                           @QueryParam("asOf") String asOf, @QueryParam("format") String format,
                           @Context HttpHeaders headers) {
        Report report = reports.report(tenant.tenantId(), workerId, parse(asOf), role());
        boolean markdown = "markdown".equalsIgnoreCase(format) || (format == null
                && headers.getAcceptableMediaTypes().stream().anyMatch(m -> "markdown".equals(m.getSubtype())));
        if (markdown) {
            return Response.ok(ReportService.markdown(report), "text/markdown; charset=UTF-8").build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    private Mitigations.Role role() {
        return tenant.tenantRole().map(Mitigations::role).orElse(null);
    }

    static Instant parse(String asOf) {
        return asOf == null || asOf.isBlank() ? Instant.now() : instant("asOf", asOf);
    }
}
