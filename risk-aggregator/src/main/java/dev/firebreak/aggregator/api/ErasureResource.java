package dev.firebreak.aggregator.api;

import dev.firebreak.aggregator.erasure.ErasureRequests;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.UUID;

/** The erasures a tenant asked for, and which services confirmed them. */
@Path("/api/v1/erasures")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
public class ErasureResource {

    private final ErasureRequests erasures;
    private final TenantContext tenant;

    public ErasureResource(ErasureRequests erasures, TenantContext tenant) {
        this.erasures = erasures;
        this.tenant = tenant;
    }

    @GET
    @Path("/{erasureId}")
    @RolesAllowed("admin")
    @Operation(summary = "When the erasure was asked, by whom, which services confirmed it and when; PENDING, "
            + "INCOMPLETE (not confirmed by every service in time) or COMPLETE")
    public ErasureRequests.Status erasure(@PathParam("erasureId") String erasureId) {
        UUID id;
        try {
            id = UUID.fromString(erasureId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("erasureId", "must be the erasure's id, a UUID");
        }
        return erasures.status(tenant.tenantId(), id);
    }
}
