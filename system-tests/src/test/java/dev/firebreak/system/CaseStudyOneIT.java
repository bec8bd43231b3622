package dev.firebreak.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.localstack.Demo;
import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advisory's case study 1 from {@code examples/scenarios/08…09} through all four services on the running stack:
 * identity-service (a passport failing its MRZ check, a proxy interviewee, a laptop to an address not on the ID),
 * platform-signals-service (accounts, a shared laptop, referrals), payments-service (three workers paid into the
 * enabler's account) and the risk-aggregator, which links them and explains every flag.
 */
@ExtendWith(SharedStack.class)
class CaseStudyOneIT {

    private final LocalStack stack = SharedStack.stack();

    @Test
    void theWorkerAndTheEnablersNetworkReachHighRiskAndEveryFlagIsExplained() {
        List<Demo.Scenario> scenarios = Demo.scenarios(Path.of(System.getProperty("firebreak.home", "..")).resolve("examples"))
                .stream().filter(s -> s.name().startsWith("proxy-enabler")).toList();
        assertEquals(2, scenarios.size());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<Demo.Row> rows = new Demo(stack.config(), stack.secrets())
                .run(scenarios, new PrintStream(buffer, true, StandardCharsets.UTF_8), Duration.ofSeconds(90));
        String table = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(rows.stream().allMatch(Demo.Row::asExpected), table);

        String token = stack.token("demo-hiring");
        // the demo stops waiting at the expected tier; the rest of the evidence follows within moments
        JsonNode worker = awaitCodes(token, "cs1-reyes", Set.of("ID-07", "ID-11", "ID-12", "PM-01", "PM-11", "NW-02"));
        assertTrue(tierAtLeastHighRisk(worker), worker.toString());
        JsonNode recruit = awaitCodes(token, "cs1-quinn", Set.of("PM-01", "PM-11", "NW-01", "NW-02"));
        assertTrue(tierAtLeastHighRisk(recruit), recruit.toString());
        JsonNode laptopSharer = awaitCodes(token, "cs1-ortega", Set.of("NW-01"));
        assertTrue(tierAtLeastHighRisk(laptopSharer), laptopSharer.toString());

        // every flag is explained: title, the advisory's words, evidence, the services that saw it
        Set<String> sources = new TreeSet<>();
        for (JsonNode a : List.of(worker, recruit, laptopSharer)) {
            for (JsonNode flag : a.path("flags")) {
                assertFalse(flag.path("title").asText().isBlank(), flag.toString());
                assertFalse(flag.path("advisoryPassage").asText().isBlank(), flag.toString());
                assertTrue(flag.path("evidence").size() > 0, flag.toString());
                flag.path("sources").forEach(s -> sources.add(s.asText()));
            }
            assertTrue(a.path("recommendedActions").size() > 0, a.toString());
        }
        assertTrue(sources.containsAll(Set.of("identity-service", "payments-service", "platform-signals-service")),
                sources.toString());
        // NW-01 names the flagged workers it links to and the identifiers on the way (the enabler's account)
        JsonNode nw01 = flag(recruit, "NW-01").path("evidence");
        assertTrue(nw01.path("flaggedLinkedWorkers").toString().contains("cs1-reyes"), nw01.toString());
        assertEquals("PAYMENT_ACCOUNT", nw01.path("path").get(0).path("identifierType").asText(), nw01.toString());
        assertTrue(flag(laptopSharer, "NW-01").path("evidence").path("flaggedLinkedWorkers").toString().contains("cs1-reyes"));

        // the enabler's network: one cluster of the three workers
        String clusterId = worker.path("network").path("clusterId").asText();
        // the shared laptop, seen by the platform, is one of the links: the platform's device observations arrive on
        // their own path, and the payment account links the three before they do, so the laptop link is waited for
        JsonNode network = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(
                () -> Api.get(stack, "risk-aggregator", "/api/v1/networks/" + clusterId, token).body(),
                CaseStudyOneIT::hasSharedLaptop);
        Set<String> members = new TreeSet<>();
        network.path("members").forEach(m -> members.add(m.path("workerId").asText()));
        assertEquals(Set.of("cs1-ortega", "cs1-quinn", "cs1-reyes"), members, network.toString());
        assertTrue(hasSharedLaptop(network), network.toString());

        // the disclosure draft names each red flag
        String markdown = Api.get(stack, "risk-aggregator", "/api/v1/workers/cs1-reyes/report?format=markdown", token)
                .body().asText();
        for (String code : codes(worker)) {
            assertTrue(markdown.contains("### " + code + " — "), code + " in\n" + markdown);
        }
        assertTrue(markdown.contains("OFSI – DPRK IT Workers Advisory – 0924"), markdown);
    }

    private JsonNode awaitCodes(String token, String worker, Set<String> codes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode a = null;
        while (System.nanoTime() < deadline) {
            Api.Reply reply = Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/assessment", token);
            if (reply.status() == 200) {
                a = reply.body();
                if (codes(a).containsAll(codes)) {
                    return a;
                }
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(worker + " never showed " + codes + ": " + a);
    }

    private static boolean hasSharedLaptop(JsonNode network) {
        for (JsonNode link : network.path("links")) {
            if (link.path("identifierType").asText().equals("DEVICE") && link.path("from").asText().equals("cs1-ortega")
                    && link.path("to").asText().equals("cs1-reyes") && link.path("seenBy").toString().contains("platform-signals-service")) {
                return true;
            }
        }
        return false;
    }

    private static boolean tierAtLeastHighRisk(JsonNode a) {
        return Set.of("HIGH_RISK", "CRITICAL").contains(a.path("tier").asText());
    }

    private static JsonNode flag(JsonNode a, String code) {
        for (JsonNode f : a.path("flags")) {
            if (code.equals(f.path("code").asText())) {
                return f;
            }
        }
        throw new AssertionError(code + " not in " + a);
    }

    private static Set<String> codes(JsonNode a) {
        Set<String> codes = new TreeSet<>();
        a.path("flags").forEach(f -> codes.add(f.path("code").asText()));
        return codes;
    }
}
