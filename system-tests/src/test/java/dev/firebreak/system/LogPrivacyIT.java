package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No PII in logs, proven (issue 29): a worker with a distinctive name, e-mail, phone, document number, bank account,
 * device and IP goes through every API of every service, good requests and bad ones that are refused, a poison
 * message on Kafka, an export and an erasure; then every service's log is read, and none of those values (nor their
 * upper- or lower-case forms) may be in it.
 */
@ExtendWith(SharedStack.class)
class LogPrivacyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack = SharedStack.stack();

    @Test
    void noServiceLogsAWorkersPersonalData() throws Exception {
        Random random = new Random();
        String tag = letters(random, 6);
        String surname = "Quillfeather" + tag;
        String given = "Zephyrine" + tag;
        String name = given + " " + surname;
        String email = "zq." + tag.toLowerCase(Locale.ROOT) + "@privacy-probe.example";
        String phone = "+44 7700 900" + (100 + random.nextInt(899));
        String documentNumber = "ZQ" + (1_000_000 + random.nextInt(8_999_999));
        String ip = "10." + (1 + random.nextInt(250)) + "." + (1 + random.nextInt(250)) + "." + (1 + random.nextInt(250));
        String device = "device-" + tag + "-laptop";
        String iban = gbIban(random);
        String worker = "w-" + UUID.randomUUID();
        String account = "acct-" + UUID.randomUUID();
        String token = stack.token("demo-marketplace");
        List<String> secrets = List.of(name, surname, given, email, phone, phone.replace(" ", ""), documentNumber, ip,
                device, iban);

        // identity-service: profile, document, attestation with a note, shipping, screening; and refused inputs
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/profiles", token, Map.of("workerId", worker,
                "source", "freelance-platform", "observedAt", "2026-11-01T09:00:00Z", "fullName", name,
                "location", Map.of("country", "GB"), "email", email, "phone", phone)).status());
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/documents", token,
                Documents.passport(worker, passport(documentNumber, surname, given))).status());
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/attestations", token, Map.of("workerId", worker,
                "kind", "CAMERA_REFUSED", "observedAt", "2026-11-11T09:00:00Z", "note", name + " refused, " + email))
                .status());
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/shipping-requests", token, Map.of(
                "workerId", worker, "observedAt", "2026-11-12T09:00:00Z", "address", Map.of("country", "GB",
                        "postcode", "LS1 1AA", "lines", List.of(name, "1 High Street")))).status());
        assertEquals(200, Api.post(stack, "identity-service", "/api/v1/screenings", token, Map.of("name", name))
                .status());
        refused(Api.post(stack, "identity-service", "/api/v1/profiles", token, Map.of("workerId", worker,
                "source", "freelance-platform", "observedAt", "2026-11-02T09:00:00Z", "fullName", name,
                "phone", phone + "999999999", "email", email + " not an address")));
        refused(Api.post(stack, "identity-service", "/api/v1/documents", token, Map.of("workerId", worker,
                "source", "x", "documentType", "PASSPORT", "mrz", List.of("P<GBR" + surname, documentNumber + "<<"))));

        // platform-signals-service: events with the IP, device and a message naming the worker; a refused event;
        // a poison message on Kafka
        assertEquals(200, Api.post(stack, "platform-signals-service", "/api/v1/events", token, List.of(
                Map.of("eventId", "e-" + UUID.randomUUID(), "type", "LOGIN", "accountId", account, "workerId", worker,
                        "occurredAt", "2026-11-20T10:00:00Z", "ip", ip, "deviceId", device),
                Map.of("eventId", "e-" + UUID.randomUUID(), "type", "MESSAGE", "accountId", account,
                        "workerId", worker, "occurredAt", "2026-11-20T10:05:00Z",
                        "text", "Hi, " + name + " here, mail me at " + email + " or call " + phone))).status());
        refused(Api.post(stack, "platform-signals-service", "/api/v1/events", token, List.of(Map.of(
                "eventId", "e-" + UUID.randomUUID(), "type", "LOGIN", "accountId", account, "workerId", worker,
                "occurredAt", "2026-11-20T10:00:00Z", "ip", ip + ".7", "deviceId", device))));
        TopicReader.write(stack.kafka().bootstrapServers(), "platform.events", Map.of("tenant-id", "demo-marketplace"),
                List.<String[]>of(new String[] {account, "{\"eventId\":\"" + name + "\",\"type\":\"LOGIN\",\"ip\":\""
                        + ip + "\",\"text\":\"" + email + "\"}"}));

        // payments-service: payout account, transfer, payment request; refused ones
        assertEquals(201, Api.post(stack, "payments-service", "/api/v1/payout-accounts", token, Map.of(
                "workerId", worker, "workerName", name, "accountHolderName", name, "account", Map.of("iban", iban),
                "status", "ACTIVE", "observedAt", "2026-11-20T10:00:00Z")).status());
        assertEquals(200, Api.post(stack, "payments-service", "/api/v1/transfers", token, List.of(Map.of(
                "transferId", "tr-" + UUID.randomUUID(), "occurredAt", "2026-11-10T10:00:00Z", "workerId", worker,
                "payer", Map.of("partyId", "client-" + tag, "name", "Northwind Ltd", "kind", "CLIENT",
                        "account", Map.of("iban", "GB82WEST12345698765432"), "deviceId", device),
                "payee", Map.of("partyId", "party-" + worker, "name", name, "kind", "WORKER",
                        "account", Map.of("iban", iban)),
                "amount", "800", "currency", "GBP", "method", "BANK_TRANSFER"))).status());
        refused(Api.post(stack, "payments-service", "/api/v1/payout-accounts", token, Map.of(
                "workerId", worker, "workerName", name, "accountHolderName", name,
                "account", Map.of("iban", iban.substring(0, iban.length() - 1) + "0" + "1"),
                "status", "ACTIVE", "observedAt", "2026-11-21T10:00:00Z")));

        // the aggregator: assessment, report, export, then the erasure everywhere
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> Api.get(stack,
                "risk-aggregator", "/api/v1/workers/" + worker + "/assessment", token).status() == 200);
        assertEquals(200, Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/report", token).status());
        assertEquals(200, Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/export", token).status());
        String id = Api.delete(stack, "risk-aggregator", "/api/v1/workers/" + worker, token).body().path("erasureId")
                .asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> "COMPLETE".equals(
                Api.get(stack, "risk-aggregator", "/api/v1/erasures/" + id, token).body().path("status").asText()));
        assertEquals(410, Api.post(stack, "identity-service", "/api/v1/profiles", token, Map.of("workerId", worker,
                "source", "freelance-platform", "observedAt", "2026-11-03T09:00:00Z", "fullName", name)).status());
        Thread.sleep(3_000); // what the consumers log of the last messages

        List<String> found = new ArrayList<>();
        for (String module : List.of("identity-service", "platform-signals-service", "payments-service",
                "risk-aggregator")) {
            Path log = stack.config().runDir().resolve(module + ".log");
            String raw = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(raw.length() > 1000, module + " logged: " + log);
            // the stack runs the prod profile, as k8s does: JSON lines (issue 27); searched as written and as decoded
            String text = raw + "\n" + decodedJsonLines(module, raw);
            for (String secret : secrets) {
                for (String form : List.of(secret, secret.toUpperCase(Locale.ROOT), secret.toLowerCase(Locale.ROOT))) {
                    int at = text.indexOf(form);
                    if (at >= 0) {
                        found.add(module + " logs \"" + form + "\": ..."
                                + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 60)) + "...");
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }

    /**
     * The log's JSON lines decoded (their message and exception text, which JSON may have escaped); fails unless the
     * service logs JSON and every line that starts as JSON is JSON.
     */
    private static String decodedJsonLines(String module, String log) throws IOException {
        StringBuilder decoded = new StringBuilder();
        int json = 0;
        for (String line : log.lines().toList()) {
            if (!line.startsWith("{")) {
                continue; // the JVM's own warnings before logging starts
            }
            JsonNode record = JSON.readTree(line);
            assertTrue(record.hasNonNull("level") && record.hasNonNull("message"), module + ": " + line);
            decoded.append(record.path("message").asText()).append('\n')
                    .append(record.path("exception").toString()).append('\n');
            json++;
        }
        assertTrue(json > 10, module + " logs " + json + " JSON lines: the prod profile's JSON logging is off");
        return decoded.toString();
    }

    private static void refused(Api.Reply reply) {
        assertTrue(reply.status() >= 400 && reply.status() < 500, reply.status() + " " + reply.body());
    }

    /** A TD3 passport of the name with the document number, correct check digits. */
    private static List<String> passport(String number, String surname, String given) {
        String line1 = Documents.pad("P<GBR" + surname.toUpperCase(Locale.ROOT) + "<<" + given.toUpperCase(Locale.ROOT), 44);
        String dob = "900722";
        String expiry = "330915";
        String upper = number + Documents.digit(number) + "GBR" + dob + Documents.digit(dob) + "F" + expiry
                + Documents.digit(expiry) + "<".repeat(14) + "<";
        String composite = upper.substring(0, 10) + upper.substring(13, 20) + upper.substring(21, 43);
        return List.of(line1, upper + Documents.digit(composite));
    }

    /** A valid GB IBAN of a random account (ISO 13616 check digits). */
    private static String gbIban(Random random) {
        String bban = "NWBK601613" + (10_000_000 + random.nextInt(89_999_999));
        String rearranged = bban + "GB00";
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isLetter(c) ? Integer.toString(c - 'A' + 10) : Character.toString(c));
        }
        int check = 98 - new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
        return "GB" + (check < 10 ? "0" : "") + check + bban;
    }

    private static String letters(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
