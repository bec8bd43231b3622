package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.Activity;

/**
 * What moves between the topology's stages: an accepted event (for the account stage, or fanned out to the stage of
 * the thing it shares: an IP, a device, a client, a text band), or a message leaving for a topic.
 *
 * @param fan       the shared stage an event is for ({@code null} for the account stage)
 * @param signature the MinHash signature of a text fanned out to its bands (PL-04)
 * @param group     which group of the signature's LSH bands the record is for (PL-04)
 */
record Flow(String tenantId, Activity activity, Fan fan, int[] signature, int group,
            String topic, byte[] payload) {

    enum Fan { IP, DEVICE, CLIENT, TEXT }

    static Flow event(String tenantId, Activity activity) {
        return new Flow(tenantId, activity, null, null, -1, null, null);
    }

    static Flow fan(String tenantId, Activity activity, Fan fan) {
        return new Flow(tenantId, activity, fan, null, -1, null, null);
    }

    static Flow text(String tenantId, Activity activity, int[] signature, int group) {
        return new Flow(tenantId, activity, Fan.TEXT, signature, group, null, null);
    }

    static Flow out(String topic, byte[] payload) {
        return new Flow(null, null, null, null, -1, topic, payload);
    }

    boolean isOut() {
        return topic != null;
    }

    boolean isFor(Fan stage) {
        return topic == null && fan == stage;
    }
}
