package dev.firebreak.system;

import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PM-13 on the real stack: payments-service screens payment parties through identity-service with its own
 * Keycloak client-credentials token; while identity-service is down, transfers are still accepted and their
 * screening waits; after it is back, the screening happens and nothing is lost.
 */
@ExtendWith(SharedStack.class)
class PartyScreeningIT {

    private static final String LIST = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CONSOLIDATED_LIST dateGenerated="2026-11-01T00:00:00.000Z"><INDIVIDUALS>
              <INDIVIDUAL><DATAID>9100001</DATAID><FIRST_NAME>SO</FIRST_NAME><SECOND_NAME>MYONG HUI</SECOND_NAME>
                <REFERENCE_NUMBER>KPi.951</REFERENCE_NUMBER></INDIVIDUAL>
              <INDIVIDUAL><DATAID>9100002</DATAID><FIRST_NAME>CHA</FIRST_NAME><SECOND_NAME>KWANG IL</SECOND_NAME>
                <REFERENCE_NUMBER>KPi.952</REFERENCE_NUMBER></INDIVIDUAL>
            </INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>
            """;

    private final LocalStack stack = SharedStack.stack();

    private static Map<String, Object> transfer(String payee, String payeeName, String iban) {
        return transfer(payee, payeeName, iban, "WORKER");
    }

    private static Map<String, Object> transfer(String payee, String payeeName, String iban, String kind) {
        return Map.of("transferId", "tr-" + UUID.randomUUID(), "occurredAt", "2026-11-10T10:00:00Z",
                "payer", Map.of("partyId", "client-" + UUID.randomUUID(), "name", "Northwind Ltd", "kind", "CLIENT",
                        "account", Map.of("iban", "GB82WEST12345698765432")),
                "payee", Map.of("partyId", payee, "name", payeeName, "kind", kind, "account", Map.of("iban", iban)),
                "amount", "800", "currency", "GBP", "method", "BANK_TRANSFER");
    }

    /** Loads a sanctions list into identity-service as the operator. */
    private void uploadList(String source, String contentType, String body) {
        assertEquals(200, Http.send(HttpRequest.newBuilder(URI.create(stack.config().service("identity-service").url()
                        + "/api/v1/watchlists/" + source)).header("Authorization", "Bearer " + stack.token("operator"))
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build()).statusCode());
    }

    private boolean flagged(String party, String token) {
        Api.Reply signals = Api.get(stack, "payments-service", "/api/v1/parties/" + party + "/signals", token);
        return signals.status() == 200 && signals.body().findValuesAsText("code").contains("PM-13");
    }

    @Test
    void partiesAreScreenedThroughIdentityServiceAndNoScreeningIsLostInAnOutage() {
        uploadList("un-xml", "application/xml", LIST);
        String token = stack.token("demo-emi");

        String listed = "party-" + UUID.randomUUID();
        assertEquals(200, Api.post(stack, "payments-service", "/api/v1/transfers", token,
                List.of(transfer(listed, "So Myong-hui", "DE89370400440532013000"))).status());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> flagged(listed, token));
        // PM-13 proves what identity-service's match proves: its confidence and basis, not the name score alone
        com.fasterxml.jackson.databind.JsonNode pm13 = Api.get(stack, "payments-service", "/api/v1/parties/" + listed
                + "/signals", token).body().findParents("code").stream()
                .filter(n -> "PM-13".equals(n.path("code").asText())).findFirst().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode match = pm13.path("evidence").path("matches").path(0);
        assertEquals(match.path("confidence").asDouble(), pm13.path("confidence").asDouble(), 1e-9, pm13.toString());
        assertTrue(!match.path("basis").asText().isEmpty(), pm13.toString());
        // a company is screened against listed entities only: a company bearing a listed person's name is not flagged
        String company = "party-" + UUID.randomUUID();
        assertEquals(200, Api.post(stack, "payments-service", "/api/v1/transfers", token,
                List.of(transfer(company, "So Myong-hui", "DE89370400440532013000", "COMPANY"))).status());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> !Api.get(stack,
                "payments-service", "/api/v1/parties/" + company + "/screening", token).body().path(0).path("pending")
                .asBoolean(true));
        assertTrue(!flagged(company, token), "a company is not matched to a listed individual");

        String duringOutage = "party-" + UUID.randomUUID();
        String clean = "party-" + UUID.randomUUID();
        stack.kill("identity-service");
        try {
            Api.Reply accepted = Api.post(stack, "payments-service", "/api/v1/transfers", token, List.of(
                    transfer(duringOutage, "Cha Kwang Il", "FR1420041010050500013M02606"),
                    transfer(clean, "Margaret Oduya", "NL91ABNA0417164300")));
            assertEquals(200, accepted.status(), "transfers are accepted while identity-service is down");
            await().atMost(Duration.ofSeconds(30)).until(() -> Api.get(stack, "payments-service",
                    "/api/v1/parties/" + duringOutage + "/screening", token).body().path(0).path("attempts").asInt() >= 1);
            assertTrue(Api.get(stack, "payments-service", "/api/v1/parties/" + duringOutage + "/screening", token)
                    .body().path(0).path("pending").asBoolean(), "still queued");
        } finally {
            stack.restart("identity-service");
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> flagged(duringOutage, token));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> !Api.get(stack,
                "payments-service", "/api/v1/parties/" + clean + "/screening", token).body().path(0).path("pending").asBoolean());
        assertTrue(!flagged(clean, token), "an unlisted party is not flagged");
    }

    /** A listed wallet (FtM CryptoWallet, held by a listed person), written here in lower case. */
    private static final String WALLET_LIST = """
            {"id":"fb-it-kwon","caption":"Kwon Tae Sik","schema":"Person","properties":{"name":["Kwon Tae Sik"],"topics":["sanction"]},"referents":[],"datasets":["fb_it"],"target":true}
            {"id":"fb-it-wallet","caption":"Wallet","schema":"CryptoWallet","properties":{"holder":["fb-it-kwon"],"publicKey":["0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"],"currency":["ETH"]},"referents":[],"datasets":["fb_it"],"target":false}
            """;

    @Test
    void aListedWalletIsCaughtUnderAnotherNameOnTransfersAndPayoutAccounts() {
        uploadList("ftm-json", "application/json", WALLET_LIST);
        String token = stack.token("demo-emi");
        // the checksummed (EIP-55) form of the listed address, under a name no list carries
        String party = "party-" + UUID.randomUUID();
        Map<String, Object> transfer = Map.of("transferId", "tr-" + UUID.randomUUID(), "occurredAt", "2026-11-11T10:00:00Z",
                "payer", Map.of("partyId", "client-" + UUID.randomUUID(), "name", "Northwind Ltd", "kind", "CLIENT",
                        "account", Map.of("iban", "GB33BUKB20201555555555")),
                "payee", Map.of("partyId", party, "name", "Harbour Line Trading", "kind", "INDIVIDUAL",
                        "account", Map.of("wallet", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "chain", "ETH")),
                "amount", "1500", "currency", "USD", "method", "CRYPTO");
        assertEquals(200, Api.post(stack, "payments-service", "/api/v1/transfers", token, List.of(transfer)).status());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> flagged(party, token));
        Api.Reply signals = Api.get(stack, "payments-service", "/api/v1/parties/" + party + "/signals", token);
        assertTrue(signals.body().toString().contains("walletScreened"), signals.body().toString());

        String worker = "w-" + UUID.randomUUID();
        assertEquals(201, Api.post(stack, "payments-service", "/api/v1/payout-accounts", token, Map.of(
                "workerId", worker, "workerName", "Ji-ho Park", "accountHolderName", "Ji-ho Park",
                "account", Map.of("wallet", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "chain", "ETH"),
                "status", "ACTIVE", "observedAt", "2026-11-11T09:00:00Z")).status());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> Api.get(stack,
                "payments-service", "/api/v1/workers/" + worker + "/payments", token).body().path("signals")
                .findValuesAsText("code").contains("PM-13"));
        // a mistyped address (one character of the checksum case changed) is refused, naming the field
        Api.Reply refused = Api.post(stack, "payments-service", "/api/v1/payout-accounts", token, Map.of(
                "workerId", worker, "workerName", "Ji-ho Park", "accountHolderName", "Ji-ho Park",
                "account", Map.of("wallet", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "chain", "ETH"),
                "status", "ACTIVE", "observedAt", "2026-11-11T09:30:00Z"));
        assertEquals(400, refused.status(), refused.body().toString());
        assertEquals("account.wallet", refused.body().path("errors").path(0).path("field").asText(), refused.body().toString());
    }
}
