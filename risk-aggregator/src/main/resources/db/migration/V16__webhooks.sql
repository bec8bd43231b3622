-- Webhooks per tenant (issue 27): a tenant's subscriptions, the events kept for replay, and the deliveries (an outbox
-- of HTTP POSTs). The signing secret is stored encrypted (AES-GCM under firebreak.webhooks.secret-key), never clear.
create table webhook (
    id                      uuid          primary key,
    tenant_id               varchar(100)  not null,
    url                     varchar(2000) not null,
    events                  text          not null,
    secret                  varchar(400)  not null,
    previous_secret         varchar(400),
    previous_until          timestamptz,
    created_at              timestamptz   not null,
    created_by              varchar(200)  not null,
    -- a failing destination waits (back-off) without holding up anybody else's deliveries
    failures                integer       not null default 0,
    paused_until            timestamptz,
    last_error              varchar(200),
    last_delivered_at       timestamptz
);
create index webhook_by_tenant on webhook (tenant_id);

-- What happened, per tenant, kept for replays (firebreak.webhooks.replay-window); erased with the worker.
create table webhook_event (
    id         uuid          primary key,
    tenant_id  varchar(100)  not null,
    worker_id  varchar(100)  not null,
    type       varchar(50)   not null,
    payload    text          not null,
    changed_at timestamptz   not null
);
create index webhook_event_by_time on webhook_event (tenant_id, changed_at);
create index webhook_event_by_worker on webhook_event (tenant_id, worker_id);

-- One POST of one event to one webhook. Per webhook and worker, in id order: a delivery waits while an earlier one for
-- the same worker is pending (ordered per worker); delivered or given up, the next goes.
create table webhook_delivery (
    id              bigint generated always as identity primary key,
    delivery_id     uuid          not null unique,
    webhook_id      uuid          not null references webhook (id) on delete cascade,
    tenant_id       varchar(100)  not null,
    worker_id       varchar(100)  not null,
    event_id        uuid          not null,
    created_at      timestamptz   not null,
    next_attempt_at timestamptz   not null,
    attempts        integer       not null default 0,
    delivered_at    timestamptz,
    given_up_at     timestamptz,
    last_status     integer,
    last_error      varchar(200)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at, id)
    where delivered_at is null and given_up_at is null;
create index webhook_delivery_pending_by_worker on webhook_delivery (webhook_id, worker_id, id)
    where delivered_at is null and given_up_at is null;
create index webhook_delivery_by_webhook on webhook_delivery (webhook_id, id desc);
create index webhook_delivery_by_worker on webhook_delivery (tenant_id, worker_id);
create index webhook_delivery_finished on webhook_delivery (created_at)
    where delivered_at is not null or given_up_at is not null;
