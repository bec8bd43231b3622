package dev.firebreak.aggregator.api;

import dev.firebreak.aggregator.assessment.Assessment;
import dev.firebreak.aggregator.assessment.AssessmentService;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Per-worker assessments for analysts. */
@Path("/api/v1/workers")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@OpenAPIDefinition(info = @Info(title = "Firebreak risk-aggregator", version = "v1",
        description = "Linked, explained, per-worker assessments (UK OFSI DPRK IT workers advisory)"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class AssessmentResource {

    private final AssessmentService assessments;
    private final TenantContext tenant;

    public AssessmentResource(AssessmentService assessments, TenantContext tenant) {
        this.assessments = assessments;
        this.tenant = tenant;
    }

    @GET
    @Path("/{workerId}/assessment")
    @RolesAllowed("analyst")
    @Operation(summary = "A worker's tier, score and every contributing flag, at asOf (default now)")
    public Assessment assessment(
            @PathParam("workerId") @Pattern(regexp = "[A-Za-z0-9._:@-]{1,100}") String workerId,
            @QueryParam("asOf") String asOf) {
        return assessments.assess(tenant.tenantId(), workerId, parse(asOf));
    }

    private static Instant parse(String asOf) {
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
