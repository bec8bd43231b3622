package dev.firebreak.identity.api;

import dev.firebreak.identity.attestation.AttestationService;
import dev.firebreak.identity.document.DocumentService;
import dev.firebreak.identity.profile.ProfileService;
import dev.firebreak.identity.shipping.ShippingService;
import dev.firebreak.identity.worker.WorkerIdentityService;
import dev.firebreak.kit.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The identity API: documents, profile snapshots, and what the service holds about a worker. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "identity")
@SecurityRequirement(name = "bearer")
public class IdentityResource {

    private final DocumentService documents;
    private final ProfileService profiles;
    private final AttestationService attestations;
    private final ShippingService shipping;
    private final WorkerIdentityService workers;
    private final TenantContext tenant;

    public IdentityResource(DocumentService documents, ProfileService profiles, AttestationService attestations,
                            ShippingService shipping, WorkerIdentityService workers, TenantContext tenant) {
        this.documents = documents;
        this.profiles = profiles;
        this.attestations = attestations;
        this.shipping = shipping;
        this.workers = workers;
        this.tenant = tenant;
    }

    @POST
    @Path("/attestations")
    @RolesAllowed("ingest")
    @Operation(summary = "Record what the hiring firm observed (ID-11; ID-05 for unverifiable employment or education)")
    public Response submitAttestation(@Valid @NotNull AttestationRequest request) {
        AttestationService.Result result = attestations.submit(tenant.tenantId(), tenant.tenantRole().orElse(null), request);
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @POST
    @Path("/shipping-requests")
    @RolesAllowed("ingest")
    @Operation(summary = "Record where a worker asked for hardware to be sent (ID-12)")
    public Response submitShippingRequest(@Valid @NotNull ShippingRequest request) {
        ShippingService.Result result = shipping.submit(tenant.tenantId(), request);
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @POST
    @Path("/documents")
    @RolesAllowed("ingest")
    @Operation(summary = "Submit an identity document (ICAO 9303 MRZ); returns the checks performed and signals raised")
    public Response submitDocument(@Valid @NotNull DocumentRequest request) {
        DocumentService.Result result = documents.submit(tenant.tenantId(), request);
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @POST
    @Path("/profiles")
    @RolesAllowed("ingest")
    @Operation(summary = "Submit a snapshot of what one source says about a worker")
    public Response submitProfile(@Valid @NotNull ProfileRequest request) {
        ProfileService.Result result = profiles.submit(tenant.tenantId(), request);
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @GET
    @Path("/workers/{workerId}/identity")
    @RolesAllowed("analyst")
    @Operation(summary = "What the service holds and concluded about a worker")
    public WorkerIdentityService.WorkerIdentity identity(
            @PathParam("workerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String workerId) {
        return workers.find(tenant.tenantId(), workerId);
    }
}
