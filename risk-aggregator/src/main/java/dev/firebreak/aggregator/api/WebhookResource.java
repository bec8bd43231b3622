package dev.firebreak.aggregator.api;

import dev.firebreak.aggregator.webhook.WebhookDeliverer;
import dev.firebreak.aggregator.webhook.Webhooks;
import dev.firebreak.kit.api.ProblemException;
import dev.firebreak.kit.tenancy.TenantContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's webhooks (issue 27, role {@code admin}): where {@code assessment.changed} events are POSTed, signed
 * with the webhook's secret ({@code Firebreak-Signature}), at least once, in order per worker. Another tenant's
 * webhook does not exist for the caller (404).
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@RolesAllowed("admin")
public class WebhookResource {

    private final Webhooks webhooks;
    private final WebhookDeliverer deliverer;
    private final TenantContext tenant;

    public WebhookResource(Webhooks webhooks, WebhookDeliverer deliverer, TenantContext tenant) {
        this.webhooks = webhooks;
        this.deliverer = deliverer;
        this.tenant = tenant;
    }

    /** A new webhook: the URL events are POSTed to, and which events (assessment.changed). */
    public record WebhookRequest(@NotNull @Size(max = 2000) String url,
                                 @NotEmpty @Size(max = 10) List<@NotNull @Size(max = 50) String> events) {
    }

    /** The events of a time range to send again: from (inclusive) and to (exclusive), ISO-8601 instants. */
    public record ReplayRequest(@NotNull String from, @NotNull String to) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates a webhook; answers its secret (shown this once) for verifying Firebreak-Signature")
    public Response create(@NotNull @Valid WebhookRequest request) {
        Webhooks.Created created = webhooks.create(tenant.tenantId(), request.url(), request.events(), tenant.actor());
        return Response.created(URI.create("/api/v1/webhooks/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(summary = "The tenant's webhooks, each with its pending and given-up deliveries and any pause")
    public List<Webhooks.Webhook> list() {
        return webhooks.list(tenant.tenantId());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One webhook and how its deliveries are going")
    public Webhooks.Webhook get(@PathParam("id") String id) {
        return webhooks.get(tenant.tenantId(), id(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Deletes a webhook and its deliveries, sent or not")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(tenant.tenantId(), id(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/secret")
    @Operation(summary = "Rotates the secret: answers the new one; the previous one signs too (a second v1) for a grace period")
    public Webhooks.Rotated rotate(@PathParam("id") String id) {
        return webhooks.rotate(tenant.tenantId(), id(id));
    }

    @POST
    @Path("/{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sends the events of [from, to) again, in order, each with its own id (receivers drop repeats)")
    public Response replay(@PathParam("id") String id, @NotNull @Valid ReplayRequest request) {
        int queued = webhooks.replay(tenant.tenantId(), id(id), AssessmentResource.instant("from", request.from()),
                AssessmentResource.instant("to", request.to()));
        deliverer.kick();
        return Response.accepted(Map.of("queued", queued)).build();
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The webhook's latest deliveries, newest first: attempts, status, error, when delivered")
    public List<Webhooks.Delivery> deliveries(@PathParam("id") String id, @QueryParam("limit") Integer limit) {
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 500) {
            throw ProblemException.invalidField("limit", "must be between 1 and 500");
        }
        return webhooks.deliveries(tenant.tenantId(), id(id), n);
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("webhook");
        }
    }
}
