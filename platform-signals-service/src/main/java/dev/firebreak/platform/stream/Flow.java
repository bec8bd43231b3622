package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.event.EventType;

import java.time.Instant;
import java.util.Map;

/**
 * What moves between the topology's stages: an accepted event (for the account stage, or fanned out to the stage of
 * the thing it shares: an IP, a device, a client, a text band, the worker behind the account), an erasure on its way
 * to a stage that holds something of the erased account or worker, or a message leaving for a topic.
 *
 * @param fan       the shared stage an event is for ({@code null} for the account stage)
 * @param signature the MinHash signature of a text fanned out to its bands (PL-04)
 * @param group     which group of the signature's LSH bands the record is for (PL-04)
 * @param erasure   the erasure's id when the record asks the stage to erase what it holds of the activity's account
 *                  (or, at the worker stage, of its worker), else {@code null}
 */
record Flow(String tenantId, Activity activity, Fan fan, int[] signature, int group,
            String topic, byte[] payload, String erasure) {

    enum Fan { IP, DEVICE, CLIENT, TEXT, WORKER }

    static Flow event(String tenantId, Activity activity) {
        return new Flow(tenantId, activity, null, null, -1, null, null, null);
    }

    static Flow fan(String tenantId, Activity activity, Fan fan) {
        return new Flow(tenantId, activity, fan, null, -1, null, null, null);
    }

    static Flow text(String tenantId, Activity activity, int[] signature, int group) {
        return new Flow(tenantId, activity, Fan.TEXT, signature, group, null, null, null);
    }

    static Flow out(String topic, byte[] payload) {
        return new Flow(null, null, null, null, -1, topic, payload, null);
    }

    /**
     * An erasure for a stage: of the account (and worker) named, at the stage of {@code fan} ({@link Fan#TEXT} with a
     * group). The activity carries only the ids; its type is not read.
     */
    static Flow erasure(String tenantId, String accountId, String workerId, Fan fan, int group, String erasureId,
                        Instant at) {
        Activity ids = new Activity("erasure:" + erasureId, EventType.ACCOUNT_CREATED, accountId, workerId, at, null,
                null, Map.of());
        return new Flow(tenantId, ids, fan, null, group, null, null, erasureId);
    }

    boolean isOut() {
        return topic != null;
    }

    boolean isErasure() {
        return erasure != null;
    }

    boolean isFor(Fan stage) {
        return topic == null && fan == stage;
    }
}
