package dev.firebreak.payments.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.kit.tenancy.TenantContext;
import dev.firebreak.payments.coverage.PaymentsCoverage;
import dev.firebreak.payments.payout.PayoutService;
import dev.firebreak.payments.request.PaymentRequestService;
import dev.firebreak.payments.screening.PartyScreening;
import dev.firebreak.payments.transfer.TransferService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.PessimisticLockException;
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
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import java.util.List;

/** Payout accounts in, what the service holds about a worker out. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@OpenAPIDefinition(info = @Info(title = "Firebreak payments-service", version = "v1",
        description = "Payment-routing screening (UK OFSI DPRK IT workers advisory)"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class PaymentsResource {

    private final PayoutService payouts;
    private final TransferService transfers;
    private final PaymentRequestService requests;
    private final PartyScreening screening;
    private final TenantContext tenant;
    private final PaymentsCoverage coverage;

    public PaymentsResource(PayoutService payouts, TransferService transfers, PaymentRequestService requests,
                            PartyScreening screening, TenantContext tenant, PaymentsCoverage coverage) {
        this.coverage = coverage;
        this.screening = screening;
        this.payouts = payouts;
        this.transfers = transfers;
        this.requests = requests;
        this.tenant = tenant;
    }

    @POST
    @Path("/payment-requests")
    @RolesAllowed("ingest")
    @Operation(summary = "A worker asks to be paid in cryptocurrency or into a third party's account (idempotent on requestId)")
    public Response paymentRequest(@Valid @NotNull PaymentRequestRequest request) {
        PaymentRequestService.Result result = requests.submit(tenant.tenantId(), request);
        if (!result.duplicate()) {
            coverage.paymentRequest(tenant.tenantId(), request);
        }
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @POST
    @Path("/transfers")
    @RolesAllowed("ingest")
    @Operation(summary = "Report a batch of transfers (idempotent on transferId); the batch is checked whole before anything is stored")
    public List<TransferService.Result> transfers(
            @NotNull @Size(min = 1, max = 1000, message = "must hold 1 to 1000 transfers") List<@Valid @NotNull TransferRequest> batch) {
        // a batch meets other batches' rows (accounts, parties); should the database still pick it as a deadlock
        // victim, it is rolled back whole and is safe to run again (idempotent on transferId)
        for (int attempt = 1; ; attempt++) {
            try {
                List<TransferService.Result> results = transfers.submit(tenant.tenantId(), batch);
                for (int i = 0; i < results.size(); i++) {
                    if (!results.get(i).duplicate() && !results.get(i).erased()) {
                        coverage.transfer(tenant.tenantId(), batch.get(i));
                    }
                }
                return results;
            } catch (PessimisticLockException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @GET
    @Path("/parties/{partyId}/screening")
    @RolesAllowed("analyst")
    @Operation(summary = "Where the party's sanctions screening stands (queued, attempts, screened, matches)")
    public List<PartyScreening.Status> partyScreening(
            @PathParam("partyId") @Pattern(regexp = "[A-Za-z0-9._:@-]{1,100}") String partyId) {
        return screening.status(tenant.tenantId(), partyId);
    }

    @GET
    @Path("/parties/{partyId}/signals")
    @RolesAllowed("analyst")
    @Operation(summary = "Signals raised about a payment party")
    public List<JsonNode> partySignals(
            @PathParam("partyId") @Pattern(regexp = "[A-Za-z0-9._:@-]{1,100}") String partyId) {
        return transfers.signalsForParty(tenant.tenantId(), partyId);
    }

    @POST
    @Path("/payout-accounts")
    @RolesAllowed("ingest")
    @Operation(summary = "Report a worker's payout account (idempotent on worker, account and observedAt)")
    public Response submit(@Valid @NotNull PayoutAccountRequest request) {
        PayoutService.Result result = payouts.submit(tenant.tenantId(), request);
        if (!result.duplicate()) {
            coverage.payoutAccount(tenant.tenantId(), request);
        }
        return Response.status(result.duplicate() ? 200 : 201).entity(result).build();
    }

    @GET
    @Path("/workers/{workerId}/payments")
    @RolesAllowed("analyst")
    @Operation(summary = "Payout accounts and signals the service holds for a worker")
    public PayoutService.WorkerPayments payments(
            @PathParam("workerId") @Pattern(regexp = "[A-Za-z0-9._:@-]{1,100}") String workerId) {
        return payouts.find(tenant.tenantId(), workerId);
    }
}
