-- A worker asking to be paid in crypto or into a third party's account (PM-10, PM-01).
create table payment_request (
    id                  bigint generated always as identity primary key,
    tenant_id           varchar(100) not null,
    request_id          varchar(100) not null,
    worker_id           varchar(100) not null,
    kind                varchar(24)  not null,
    account_hash        varchar(80),
    account_country     varchar(2),
    observed_at         timestamptz  not null,
    received_at         timestamptz  not null,
    constraint payment_request_once unique (tenant_id, request_id)
);
create index payment_request_by_worker on payment_request (tenant_id, worker_id);
