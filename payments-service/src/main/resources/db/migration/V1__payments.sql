create table payout_account (
    id                  bigint generated always as identity primary key,
    tenant_id           varchar(100) not null,
    worker_id           varchar(100) not null,
    worker_name         varchar(300) not null,
    account_holder_name varchar(300) not null,
    kind                varchar(10)  not null,
    account_hash        varchar(80)  not null,
    account_mask        varchar(10)  not null,
    country             varchar(2),
    provider            varchar(100),
    status              varchar(10)  not null,
    observed_at         timestamptz  not null,
    received_at         timestamptz  not null,
    constraint payout_account_once unique (tenant_id, worker_id, account_hash, observed_at)
);
create index payout_account_by_worker on payout_account (tenant_id, worker_id);
create index payout_account_by_hash on payout_account (tenant_id, account_hash);
