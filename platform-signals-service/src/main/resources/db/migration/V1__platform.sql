create table platform_event (
    id          bigint generated always as identity primary key,
    tenant_id   varchar(100) not null,
    event_id    varchar(200) not null,
    type        varchar(30)  not null,
    account_id  varchar(100) not null,
    worker_id   varchar(100),
    occurred_at timestamptz  not null,
    ip          varchar(45),
    device_hash varchar(80),
    attributes  text         not null,
    received_at timestamptz  not null,
    constraint platform_event_once unique (tenant_id, event_id)
);
create index platform_event_by_account on platform_event (tenant_id, account_id, occurred_at);
