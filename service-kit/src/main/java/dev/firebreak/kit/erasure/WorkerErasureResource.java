package dev.firebreak.kit.erasure;

import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.tenancy.TenantContext;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * A service's own worker endpoints, role {@code admin} (the risk-aggregator has suite-wide ones instead, so
 * {@code firebreak.erasure.local-endpoint=false} there):
 * <ul>
 *   <li>{@code DELETE /api/v1/workers/{workerId}}, for a deployment that runs the service alone: erases what this
 *       service holds about the worker and keeps its suppression record here. A worker the service never held is
 *       still suppressed from now on: the request's point is that the service never holds it.</li>
 *   <li>{@code GET /api/v1/workers/{workerId}/export}: what this service holds about the worker, each item with its
 *       purpose (the aggregator's export assembles these from every service).</li>
 * </ul>
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@IfBuildProperty(name = "firebreak.erasure.local-endpoint", stringValue = "true", enableIfMissing = true)
public class WorkerErasureResource {

    private static final Logger LOG = Logger.getLogger(WorkerErasureResource.class);

    private final Erasures erasures;
    private final SubjectAccess access;
    private final TenantContext tenant;
    private final String service;

    public WorkerErasureResource(Erasures erasures, SubjectAccess access, TenantContext tenant,
                                 @ConfigProperty(name = "quarkus.application.name") String service) {
        this.erasures = erasures;
        this.access = access;
        this.tenant = tenant;
        this.service = service;
    }

    /** One service's part of a subject-access export. */
    public record Export(String service, String workerId, Instant exportedAt, List<SubjectAccess.Item> items) {
    }

    @GET
    @Path("/workers/{workerId}/export")
    @RolesAllowed("admin")
    @Operation(summary = "Everything this service holds about the worker, each item naming its purpose (subject access)")
    public Export export(@PathParam("workerId") @Pattern(regexp = "[A-Za-z0-9._:@-]{1,100}",
            message = "must be 1-100 characters of letters, digits and . _ : @ -") String workerId) {
        List<SubjectAccess.Item> items = access.held(tenant.tenantId(), workerId);
        if (items.isEmpty()) {
            throw ProblemException.notFound("worker " + workerId);
        }
        return new Export(service, workerId, Instant.now(), items);
    }

    @DELETE
    @Path("/workers/{workerId}")
    @RolesAllowed("admin")
    @Operation(summary = "Erase what this service holds about the worker and refuse data about it from now on (this "
            + "service only; the suite-wide erasure is the risk-aggregator's)")
    public Erasures.Erased erase(@PathParam("workerId") @Pattern(regexp = "[A-Za-z0-9._:@-]{1,100}",
            message = "must be 1-100 characters of letters, digits and . _ : @ -") String workerId) {
        Erasures.Erased erased = erasures.eraseAlone(tenant.tenantId(), workerId);
        LOG.infof("erasure %s asked of this service alone: %d item(s)", erased.erasureId(), erased.total());
        return erased;
    }
}
