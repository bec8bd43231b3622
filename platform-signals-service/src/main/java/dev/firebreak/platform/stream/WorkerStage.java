package dev.firebreak.platform.stream;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The worker stage ({@value #STORE}, partitioned by tenant and worker): which accounts each worker has shown on (the
 * account stage sends an account's first event naming a worker here), so that the worker's erasure reaches every one
 * of its accounts, whichever partition holds it. On an erasure it forgets the worker's accounts, keeps the erasure's id
 * as the worker's mark, sends each account's erasure to the account stage and confirms; an account that shows the
 * erased worker later is erased as it arrives.
 */
final class WorkerStage implements Processor<String, Flow, String, Flow> {

    static final String STORE = "platform-workers";
    /** Kinds under a worker: its accounts, and the erasure that erased it. */
    private static final String ACCOUNTS = "A", ERASED = "X";

    private ProcessorContext<String, Flow> context;
    private EventStore store;

    @Override
    public void init(ProcessorContext<String, Flow> context) {
        this.context = context;
        KeyValueStore<String, byte[]> kv = context.getStateStore(STORE);
        this.store = new EventStore(kv);
    }

    @Override
    public void process(Record<String, Flow> record) {
        Flow flow = record.value();
        String owner = record.key();
        String tenant = flow.tenantId();
        String worker = flow.activity().workerId();
        String erasedBy = store.get(StoreKeys.prefix(owner, ERASED));
        if (flow.isErasure()) {
            List<String> accounts = new ArrayList<>();
            String prefix = StoreKeys.prefix(owner, ACCOUNTS);
            for (KeyValue<String, byte[]> kv : store.all(owner, ACCOUNTS)) {
                accounts.add(kv.key.substring(prefix.length()));
                store.delete(kv.key);
            }
            store.put(StoreKeys.prefix(owner, ERASED), flow.erasure());
            for (String account : accounts) {
                context.forward(Erasing.toAccount(tenant, account, worker, flow.erasure(), record.timestamp()));
            }
            if (!Erasing.local(flow.erasure())) {
                context.forward(Erasing.confirmation(tenant, flow.erasure(), accounts.size(), record.timestamp()));
            }
            return;
        }
        String account = flow.activity().accountId();
        if (erasedBy != null) {
            // an account showing a worker erased before: erased in its turn (its events are dropped from then on)
            context.forward(Erasing.toAccount(tenant, account, worker, erasedBy, record.timestamp()));
            return;
        }
        store.mark(owner, ACCOUNTS, account, "");
    }
}
