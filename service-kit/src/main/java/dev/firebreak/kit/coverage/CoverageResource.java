package dev.firebreak.kit.coverage;

import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.tenancy.TenantContext;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code GET /api/v1/coverage}: what the caller's tenant sent this service in the last 30 days, which detectors its
 * data can feed and which fields it never sends (roles {@code ingest}, {@code analyst} or {@code admin}: the
 * integrator's client and the people who read the results). Only the caller's tenant, from its token.
 */
@Path("/api/v1/coverage")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@IfBuildProperty(name = "firebreak.coverage.endpoint", stringValue = "true", enableIfMissing = true)
public class CoverageResource {

    private final Coverage coverage;
    private final Instance<CoverageContract> contract;
    private final TenantContext tenant;
    private final String service;

    public CoverageResource(Coverage coverage, Instance<CoverageContract> contract, TenantContext tenant,
                            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.coverage = coverage;
        this.contract = contract;
        this.tenant = tenant;
        this.service = service;
    }

    @GET
    @RolesAllowed({"ingest", "analyst", "admin"})
    @Operation(summary = "What your tenant sent in the last 30 days: inputs and fields received, the detectors they "
            + "feed, and what you never send")
    public Coverage.Report report() {
        if (!contract.isResolvable()) {
            throw ProblemException.notFound("coverage (this service takes no tenant input)");
        }
        return coverage.report(service, tenant.tenantId(), contract.get());
    }
}
