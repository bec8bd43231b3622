package dev.firebreak.platform.coverage;

import dev.firebreak.kit.coverage.CoverageContract;
import dev.firebreak.kit.coverage.CoverageRecorder;
import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.event.EventContract;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * This service's coverage contract, from {@link EventContract}: each event type with the common fields and its own.
 * And the fields an event carries, as the topology counts them (REST and topic events alike, once each: counted
 * where an account first takes the event, a replay not again).
 */
@ApplicationScoped
public class PlatformCoverage implements CoverageContract {

    private static final List<Input> INPUTS = EventContract.all().stream().map(spec -> new Input(spec.type().name(),
            spec.description(), spec.feeds(), Stream.concat(EventContract.COMMON.stream(), spec.fields().stream())
            .map(f -> new Field(f.name(), f.required(), f.feeds(), f.description())).toList())).toList();

    @Override
    public List<Input> inputs() {
        return INPUTS;
    }

    /** The contract's fields an event carries (common and its type's), for the coverage counts. */
    public static List<String> present(Activity e) {
        List<String> present = new ArrayList<>(4);
        CoverageRecorder.ifPresent(present, "workerId", e.workerId());
        CoverageRecorder.ifPresent(present, "ip", e.ip());
        CoverageRecorder.ifPresent(present, "deviceId", e.device());
        EventContract.Spec spec = EventContract.of(e.type());
        if (spec != null) {
            for (EventContract.Field field : spec.fields()) {
                CoverageRecorder.ifPresent(present, field.name(), e.fields().get(field.name()));
            }
        }
        return present;
    }
}
