package dev.firebreak.system;

import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The outbox across a broker outage: with Kafka stopped the API still accepts and stores the document; once
 * the broker is back the signal reaches the aggregator exactly once.
 */
@ExtendWith(SharedStack.class)
class OutboxIT {

    private final LocalStack stack = SharedStack.stack();

    @Test
    void aSignalRaisedWhileTheBrokerIsDownArrivesExactlyOnce() {
        String token = stack.token("demo-hiring");
        String worker = "st-outage-" + UUID.randomUUID();
        stack.kafka().stop();
        try {
            Api.Reply posted = Api.post(stack, "identity-service", "/api/v1/documents", token,
                    Documents.passport(worker, Documents.dprkPassport()));
            assertEquals(201, posted.status(), posted.body().toString());
            Api.Reply stored = Api.get(stack, "identity-service", "/api/v1/workers/" + worker + "/identity", token);
            assertEquals(200, stored.status());
            assertEquals(1, stored.body().path("documents").size());
            assertEquals(404, assessment(worker, token).status(), "nothing can have reached the aggregator yet");
        } finally {
            stack.kafka().start();
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "CRITICAL".equals(assessment(worker, token).body().path("tier").asText()));
        // the relay may resend after the outage; the aggregator must still hold exactly one signal
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
        Api.Reply assessment = assessment(worker, token);
        assertEquals(1, assessment.body().path("flags").size());
        assertEquals(1, assessment.body().path("flags").get(0).path("occurrences").asInt());
    }

    @Test
    void aKilledServiceLosesNothingAndCountsNothingTwice() {
        String token = stack.token("demo-hiring");
        String pendingInOutbox = "st-kill-" + UUID.randomUUID();
        String whileAggregatorDown = "st-kill-" + UUID.randomUUID();

        // identity-service is killed with a signal still in its outbox (the broker is down, so it cannot leave)
        stack.kafka().stop();
        try {
            assertEquals(201, Api.post(stack, "identity-service", "/api/v1/documents", token,
                    Documents.passport(pendingInOutbox, Documents.dprkPassport())).status());
            stack.kill("identity-service");
        } finally {
            stack.kafka().start();
        }
        // the aggregator is killed too, and a signal is raised while it is gone
        stack.kill("risk-aggregator");
        stack.restart("identity-service");
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/documents", token,
                Documents.passport(whileAggregatorDown, Documents.chinaIssuedToDprkNational())).status());
        stack.restart("risk-aggregator");

        for (String worker : new String[] {pendingInOutbox, whileAggregatorDown}) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "CRITICAL".equals(assessment(worker, token).body().path("tier").asText()));
            Api.Reply assessment = assessment(worker, token);
            assertEquals(1, assessment.body().path("flags").get(0).path("occurrences").asInt(), worker);
        }
    }

    private Api.Reply assessment(String worker, String token) {
        return Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/assessment", token);
    }
}
