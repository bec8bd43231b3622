package dev.firebreak.aggregator.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.firebreak.aggregator.assessment.Assessment;
import dev.firebreak.aggregator.assessment.AssessmentRefresh;
import dev.firebreak.aggregator.assessment.AssessmentService;
import dev.firebreak.aggregator.assessment.FlagDefinitions;
import dev.firebreak.aggregator.assessment.Mitigations;
import dev.firebreak.aggregator.assessment.Tier;
import dev.firebreak.aggregator.erasure.ErasureRequests;
import dev.firebreak.aggregator.erasure.SubjectExport;
import dev.firebreak.aggregator.report.Report;
import dev.firebreak.aggregator.report.ReportService;
import dev.firebreak.aggregator.review.Audit;
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

    public AssessmentResource(AssessmentService assessments, AssessmentRefresh states, Reviews reviews, Audit audit,
                              ErasureRequests erasures, ReportService reports, FlagDefinitions definitions, TenantContext tenant,
                              SubjectExport exports, JsonWebToken jwt) {
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
    @Operation(summary = "The tenant's assessed workers, optionally of one tier, highest score first, 50 per page")
    public List<AssessmentRefresh.Listed> workers(@QueryParam("tier") String tier, @QueryParam("page") String page) {
        Tier wanted = null;
        if (tier != null && !tier.isBlank()) {
            try {
                wanted = Tier.valueOf(tier.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("tier", "one of CLEAR, MONITOR, ENHANCED_DUE_DILIGENCE, HIGH_RISK, CRITICAL");
            }
        }
        int number = 0;
        if (page != null && !page.isBlank()) {
            try {
                number = Integer.parseInt(page.trim());
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 0 || number > 100_000) {
                throw ProblemException.invalidField("page", "a page number from 0");
            }
        }
        return states.list(tenant.tenantId(), wanted, number);
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
        if (asOf == null || asOf.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("asOf", "must be an ISO-8601 instant such as 2026-11-25T12:00:00Z");
        }
    }
}
