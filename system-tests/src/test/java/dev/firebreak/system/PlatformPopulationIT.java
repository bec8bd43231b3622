package dev.firebreak.system;

import dev.firebreak.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detection check on the packaged suite: the synthetic population (a user for every platform red flag, hard
 * negatives, ordinary users) through {@code platform.events} and through the REST API. Every seeded flag is found;
 * no benign user raises anything.
 */
@ExtendWith(SharedStack.class)
class PlatformPopulationIT {

    private final LocalStack stack = SharedStack.stack();

    @Test
    void everySeededRedFlagIsFoundOnBothPathsAndNoBenignUserIsFlagged() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        String tenant = "demo-platform";

        PlatformPopulation viaKafka = new PlatformPopulation("k" + run, t0, 0).seed();
        PlatformPopulation.Background background = new PlatformPopulation.Background("k" + run, t0, 300, 20, 11);
        List<Map<String, Object>> topic = new ArrayList<>(viaKafka.events());
        for (int i = 0; i < 3_000; i++) {
            topic.add(background.next());
        }
        PlatformTraffic.sendAll(stack, tenant, topic);

        PlatformPopulation viaRest = new PlatformPopulation("r" + run, t0, 1).seed();
        int accepted = PlatformTraffic.post(stack, stack.token(tenant), viaRest.events(), 500);
        assertEquals(viaRest.events().size(), accepted);
        assertEquals(0, PlatformTraffic.post(stack, stack.token(tenant), viaRest.events(), 500), "a replayed batch adds nothing");

        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && !(found(viaKafka, tenant, "k" + run) && found(viaRest, tenant, "r" + run))) {
            Thread.sleep(2_000);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> PlatformTraffic.lag(stack) == 0);

        PlatformTraffic.Check kafka = PlatformTraffic.check(viaKafka.flagged(), PlatformTraffic.raised(stack, tenant, "k" + run));
        PlatformTraffic.Check rest = PlatformTraffic.check(viaRest.flagged(), PlatformTraffic.raised(stack, tenant, "r" + run));
        assertTrue(kafka.passed(), "platform.events: " + kafka);
        assertTrue(rest.passed(), "REST: " + rest);
        assertEquals(18, viaKafka.flagged().values().stream().distinct().count(), "every platform code is seeded");
    }

    private boolean found(PlatformPopulation population, String tenant, String prefix) {
        return PlatformTraffic.check(population.flagged(), PlatformTraffic.raised(stack, tenant, prefix)).missed().isEmpty();
    }
}
