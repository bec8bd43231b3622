package dev.firebreak.platform.stream;

import dev.firebreak.kit.tracing.TraceParents;
import dev.firebreak.platform.signal.StreamMessages;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The tenants' own topics ({@code platform.events.<tenant>}): each message is read as an event of the topic's tenant
 * (a {@code tenant-id} header claiming another is not read), then goes on through {@code platform.events.accepted},
 * keyed by its account, where the account stage meets it with the account's other events whatever partitions the
 * tenant's topic has; a message that is not an acceptable event goes to {@code platform.events.dlq}. Stateless: a
 * tenant's topic is one more input, never a store of its own.
 */
final class TenantTopicIntake implements Processor<String, byte[], String, Flow> {

    private final Intake intake;
    private ProcessorContext<String, Flow> context;

    TenantTopicIntake(Intake intake) {
        this.intake = intake;
    }

    @Override
    public void init(ProcessorContext<String, Flow> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> message) {
        String tenant = context.recordMetadata().map(m -> StreamMessages.tenantOf(m.topic())).orElse(null);
        if (tenant == null) {
            context.forward(Intake.deadLetter(message, "not a tenant's platform-events topic"));
            return;
        }
        Flow flow;
        try {
            flow = intake.read(message, false, tenant);
        } catch (Intake.Rejected e) {
            context.forward(Intake.deadLetter(message, e.getMessage()));
            return;
        }
        context.forward(new Record<>(flow.activity().accountId(), Flow.out(StreamMessages.ACCEPTED_EVENTS,
                intake.asAccepted(tenant, message, false)), message.timestamp(),
                // a platform that traces its own producers: its trace goes on through the topology (only that header)
                TraceParents.carried(message.headers())));
    }
}
