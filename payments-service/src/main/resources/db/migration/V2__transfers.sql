-- Transfers between payment parties (the tenant's own party ids). Accounts and devices only as keyed hashes.
create table transfer (
    id                 bigint generated always as identity primary key,
    tenant_id          varchar(100)   not null,
    transfer_id        varchar(100)   not null,
    occurred_at        timestamptz    not null,
    payer_party        varchar(100)   not null,
    payer_kind         varchar(12)    not null,
    payer_account_hash varchar(80)    not null,
    payer_country      varchar(2),
    payer_device_hash  varchar(80),
    payee_party        varchar(100)   not null,
    payee_kind         varchar(12)    not null,
    payee_account_hash varchar(80)    not null,
    payee_country      varchar(2),
    payee_device_hash  varchar(80),
    amount             numeric(19, 4) not null,
    currency           varchar(3)     not null,
    method             varchar(16)    not null,
    worker_id          varchar(100),
    initiated_by       varchar(100),
    received_at        timestamptz    not null,
    constraint transfer_once unique (tenant_id, transfer_id)
);
create index transfer_by_payer on transfer (tenant_id, payer_party, occurred_at);
create index transfer_by_payee on transfer (tenant_id, payee_party, occurred_at);
create index transfer_by_payer_account on transfer (tenant_id, payer_account_hash);
create index transfer_by_payee_account on transfer (tenant_id, payee_account_hash);
create index transfer_by_payer_device on transfer (tenant_id, payer_device_hash) where payer_device_hash is not null;
create index transfer_by_payee_device on transfer (tenant_id, payee_device_hash) where payee_device_hash is not null;
