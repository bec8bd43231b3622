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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The advisory's case study 2 (a front company at an EMI) from {@code examples/scenarios/05…07}, posted through
 * payments-service on the running stack and read back from payments-service and the risk-aggregator: the front
 * company and the individuals carry PM-09, PM-08, PM-07 and PM-06; the benign controls carry no more than PM-07.
 * Posting the scenarios a second time (the demo test posts them too) changes nothing.
 */
@ExtendWith(SharedStack.class)
class CaseStudyTwoIT {

    private final LocalStack stack = SharedStack.stack();

    @Test
    void theFrontCompanyAndTheIndividualsAreFlaggedAndTheControlsAreNot() {
        List<Demo.Scenario> scenarios = Demo.scenarios(Path.of(System.getProperty("firebreak.home", "..")).resolve("examples"))
                .stream().filter(s -> s.name().startsWith("emi-")).toList();
        assertTrue(scenarios.stream().anyMatch(s -> s.name().equals("emi-front-company")), "scenario 05 present");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<Demo.Row> rows = new Demo(stack.config(), stack.secrets())
                .run(scenarios, new PrintStream(buffer, true, StandardCharsets.UTF_8), Duration.ofSeconds(90));
        String table = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(rows.stream().allMatch(Demo.Row::asExpected), table);

        String token = stack.token("demo-emi");
        assertEquals(Set.of("PM-06", "PM-08", "PM-09"), codes(token, "cs2-company-a"), "front company");
        Set<String> vietnam = codes(token, "cs2-ind-vn");
        assertTrue(vietnam.containsAll(Set.of("PM-06", "PM-08", "PM-09")), "individual in Vietnam: " + vietnam);
        Set<String> laos = codes(token, "cs2-ind-la");
        assertTrue(laos.containsAll(Set.of("PM-07", "PM-08", "PM-09")), "individual in Laos: " + laos);
        assertTrue(codes(token, "cs2-personal-cn").contains("PM-08"), "the onward account in China");
        for (String payer : List.of("cs2-client-1", "cs2-client-5", "cs2-other-it-co")) {
            assertEquals(Set.of(), codes(token, payer), "an unwitting payer: " + payer);
        }
        for (String control : List.of("ctl-worker-vn", "ctl-client-b", "ctl-agency", "ctl-contractor-0", "ctl-contractor-5")) {
            assertTrue(Set.of("PM-07").containsAll(codes(token, control)), "benign control " + control);
        }

        // the aggregator explains the worker's tier flag by flag, with the payments evidence
        JsonNode assessment = Api.get(stack, "risk-aggregator", "/api/v1/workers/cs2-ind-vn/assessment", token).body();
        assertEquals("HIGH_RISK", assessment.path("tier").asText(), assessment.toString());
        Set<String> flags = new TreeSet<>();
        assessment.path("flags").forEach(f -> flags.add(f.path("code").asText()));
        assertTrue(flags.containsAll(Set.of("PM-06", "PM-07", "PM-08", "PM-09")), flags.toString());
        assessment.path("flags").forEach(f -> {
            assertEquals("payments-service", f.path("sources").get(0).asText());
            assertTrue(f.path("evidence").path("explanation").asText().length() > 10, f.toString());
        });
    }

    private Set<String> codes(String token, String party) {
        Api.Reply reply = Api.get(stack, "payments-service", "/api/v1/parties/" + party + "/signals", token);
        assertEquals(200, reply.status(), party + ": " + reply.body());
        Set<String> codes = new TreeSet<>();
        reply.body().forEach(s -> codes.add(s.path("code").asText()));
        return codes;
    }
}
