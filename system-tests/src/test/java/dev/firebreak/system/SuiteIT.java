package dev.firebreak.system;

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
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole suite through HTTP with real Keycloak tokens: the ID-10 path, tenant isolation, the demo. */
@ExtendWith(SharedStack.class)
class SuiteIT {

    private final LocalStack stack = SharedStack.stack();

    @Test
    void aDprkPassportMakesTheWorkerCriticalAtTheAggregator() {
        String worker = "st-" + UUID.randomUUID();
        String token = stack.token("demo-hiring");
        Api.Reply posted = Api.post(stack, "identity-service", "/api/v1/documents", token,
                Documents.passport(worker, Documents.dprkPassport()));
        assertEquals(201, posted.status(), posted.body().toString());
        assertEquals("ID-10", posted.body().path("signals").get(0).path("code").asText());

        await().atMost(Duration.ofSeconds(60)).until(() -> "CRITICAL".equals(assessment(worker, token).body().path("tier").asText()));
        Api.Reply assessment = assessment(worker, token);
        var flag = assessment.body().path("flags").get(0);
        assertEquals("ID-10", flag.path("code").asText());
        assertEquals("CRITICAL", flag.path("severity").asText());
        assertEquals("identity-service", flag.path("sources").get(0).asText());
        assertTrue(flag.path("advisoryPassage").asText().contains("non-DPRK nationals"));
        assertEquals("PRK", flag.path("evidence").path("matches").get(0).path("value").asText());
        assertTrue(assessment.body().path("recommendedActions").toString().contains("0924"));
    }

    @Test
    void tenantsAreIsolatedAndRolesEnforcedWithKeycloakTokens() {
        String worker = "st-" + UUID.randomUUID();
        String hiring = stack.token("demo-hiring");
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/documents", hiring,
                Documents.passport(worker, Documents.chinaIssuedToDprkNational())).status());
        await().atMost(Duration.ofSeconds(60)).until(() -> assessment(worker, hiring).status() == 200);

        String platform = stack.token("demo-platform");
        Api.Reply foreign = assessment(worker, platform);
        assertEquals(404, foreign.status());
        assertTrue(foreign.contentType().startsWith("application/problem+json"));
        assertEquals(404, Api.get(stack, "identity-service", "/api/v1/workers/" + worker + "/identity", platform).status());
        assertEquals(200, Api.get(stack, "identity-service", "/api/v1/workers/" + worker + "/identity", hiring).status());

        assertEquals(401, assessment(worker, null).status());
        assertEquals(403, assessment(worker, stack.token("operator")).status());
        assertEquals(403, Api.post(stack, "identity-service", "/api/v1/documents", stack.token("demo-hiring-analyst"),
                Documents.passport(worker, Documents.dprkPassport())).status());
        assertEquals(403, assessment(worker, stack.token("demo-hiring-ingest")).status());
        assertEquals(200, assessment(worker, stack.token("demo-hiring-analyst")).status());
    }

    @Test
    void theDemoLoadsTheExamplesAndPrintsTheAssessments() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        List<Demo.Row> rows = new Demo(stack.config(), stack.secrets())
                .run(Demo.scenarios(Path.of(System.getProperty("firebreak.home", "..")).resolve("examples")), out,
                        Duration.ofSeconds(90));
        String table = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(rows.stream().allMatch(Demo.Row::asExpected), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("cand-kim-01") && l.contains("CRITICAL") && l.contains("ID-10")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("cand-hartley-02") && l.contains("CLEAR")), table);
        assertTrue(table.lines().findFirst().orElseThrow().startsWith("WORKER"), table);
    }

    private Api.Reply assessment(String worker, String token) {
        return Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/assessment", token);
    }
}
