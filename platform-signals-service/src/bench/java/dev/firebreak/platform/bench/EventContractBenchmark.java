package dev.firebreak.platform.bench;

import dev.firebreak.kit.coverage.CoverageRecorder;
import dev.firebreak.platform.api.EventLimitsAccess;
import dev.firebreak.platform.api.EventRequest;
import dev.firebreak.platform.coverage.PlatformCoverage;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.event.EventContract;
import dev.firebreak.platform.event.EventType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What issue 27 added to every platform event's path, against what the path already did: {@code limits} is the whole
 * check an event gets (EventLimits, the contract included), {@code contract} the contract's part alone, and
 * {@code coverage} the coverage count (the fields present, then {@code CoverageRecorder}'s in-memory counters). The mix is the load driver's: logins, heartbeats, bids with text, messages, ratings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventContractBenchmark {

    private EventRequest[] events;
    private Activity[] activities;
    private final CoverageRecorder recorder = new CoverageRecorder(null); // record() is memory only
    private int next;

    @Setup
    public void setUp() {
        events = new EventRequest[] {
                event(EventType.LOGIN, Map.of()),
                event(EventType.HEARTBEAT, Map.of()),
                event(EventType.BID, Map.of("text", "I have eight years of experience with Spring Boot and React; "
                        + "happy to start this week.", "tags", List.of("java", "react"))),
                event(EventType.MESSAGE, Map.of("text", "The build is green, I will send the draft tomorrow.",
                        "direction", "TO_CLIENT")),
                event(EventType.RATING, Map.of("clientId", "client-17", "rating", 4.5))};
        activities = new Activity[events.length];
        for (int i = 0; i < events.length; i++) {
            EventRequest e = events[i];
            activities[i] = new Activity(e.eventId, e.type, e.accountId, e.workerId, e.occurredAt, e.ip, "v1:device",
                    e.fields());
        }
    }

    private static EventRequest event(EventType type, Map<String, Object> fields) {
        EventRequest e = new EventRequest();
        e.eventId = "e-" + type;
        e.type = type;
        e.accountId = "acct-1";
        e.workerId = "w-1";
        e.occurredAt = Instant.now().minusSeconds(60);
        e.ip = "192.0.2.10";
        e.deviceId = "device-1";
        fields.forEach(e::field);
        return e;
    }

    @Benchmark
    public String limits() {
        return EventLimitsAccess.problem(events[next++ % events.length]);
    }

    @Benchmark
    public String contract() {
        EventRequest e = events[next++ % events.length];
        return EventContract.problem(e.type, e.fields());
    }

    @Benchmark
    public int coverage() {
        Activity a = activities[next++ % activities.length];
        List<String> present = PlatformCoverage.present(a);
        recorder.record("tenant-a", a.type().name(), present);
        return present.size();
    }
}
