package dev.firebreak.identity.api;

import dev.firebreak.identity.attestation.AttestationService;
import dev.firebreak.identity.coverage.IdentityCoverage;
import dev.firebreak.identity.document.DocumentService;
import dev.firebreak.identity.profile.ProfileService;
import dev.firebreak.identity.shipping.ShippingService;
import dev.firebreak.identity.worker.WorkerIdentityService;
import dev.firebreak.kit.api.Batches;
import dev.firebreak.kit.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Predicate;

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
    private final IdentityCoverage coverage;
    private final Batches batches;

    public IdentityResource(DocumentService documents, ProfileService profiles, AttestationService attestations,
                            ShippingService shipping, WorkerIdentityService workers, TenantContext tenant,
                            IdentityCoverage coverage, Batches batches) {
        this.coverage = coverage;
        this.batches = batches;
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
        if (!result.duplicate()) {
            coverage.attestation(tenant.tenantId(), request);
        }
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @POST
    @Path("/shipping-requests")
    @RolesAllowed("ingest")
    @Operation(summary = "Record where a worker asked for hardware to be sent (ID-12)")
    public Response submitShippingRequest(@Valid @NotNull ShippingRequest request) {
        ShippingService.Result result = shipping.submit(tenant.tenantId(), request);
        if (!result.duplicate()) {
            coverage.shipping(tenant.tenantId(), request);
        }
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @POST
    @Path("/documents")
    @RolesAllowed("ingest")
    @Operation(summary = "Submit an identity document (ICAO 9303 MRZ); returns the checks performed and signals raised")
    public Response submitDocument(@Valid @NotNull DocumentRequest request) {
        DocumentService.Result result = documents.submit(tenant.tenantId(), request);
        if (!result.duplicate()) {
            coverage.document(tenant.tenantId(), request);
        }
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @POST
    @Path("/documents/batch")
    @RolesAllowed("ingest")
    @Operation(summary = "Submit up to 1000 identity documents: all taken, or none (the first refused names its element, "
            + "[i].field); each answered as the single endpoint answers it, duplicate true for a replay")
    public List<DocumentService.Result> submitDocuments(@NotNull @Size(min = 1, max = Batches.MAX,
            message = "must hold 1 to 1000 documents") List<@Valid @NotNull DocumentRequest> batch) {
        return batch(batch, documents::submit, DocumentService.Result::duplicate, coverage::document);
    }

    @POST
    @Path("/profiles/batch")
    @RolesAllowed("ingest")
    @Operation(summary = "Submit up to 1000 profile snapshots: all taken, or none (the first refused names its element, "
            + "[i].field); each answered as the single endpoint answers it, duplicate true for a replay")
    public List<ProfileService.Result> submitProfiles(@NotNull @Size(min = 1, max = Batches.MAX,
            message = "must hold 1 to 1000 profiles") List<@Valid @NotNull ProfileRequest> batch) {
        return batch(batch, profiles::submit, ProfileService.Result::duplicate, coverage::profile);
    }

    /** A batch, all or nothing (the kit's {@link Batches}), each element as the single endpoint takes it; new ones counted. */
    private <T, R> List<R> batch(List<T> batch, BiFunction<String, T, R> submit, Predicate<R> duplicate,
                                 BiConsumer<String, T> count) {
        String tenantId = tenant.tenantId();
        List<R> results = batches.all(batch, request -> submit.apply(tenantId, request));
        for (int i = 0; i < results.size(); i++) {
            if (!duplicate.test(results.get(i))) {
                count.accept(tenantId, batch.get(i));
            }
        }
        return results;
    }

    @POST
    @Path("/profiles")
    @RolesAllowed("ingest")
    @Operation(summary = "Submit a snapshot of what one source says about a worker")
    public Response submitProfile(@Valid @NotNull ProfileRequest request) {
        ProfileService.Result result = profiles.submit(tenant.tenantId(), request);
        if (!result.duplicate()) {
            coverage.profile(tenant.tenantId(), request);
        }
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
