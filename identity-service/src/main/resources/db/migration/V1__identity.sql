create table document (
    id             bigint generated always as identity primary key,
    tenant_id      varchar(100) not null,
    worker_id      varchar(100) not null,
    source         varchar(100) not null,
    document_type  varchar(40)  not null,
    mrz_format     varchar(8)   not null,
    issuing_state  varchar(3)   not null,
    nationality    varchar(3)   not null,
    document_hash  varchar(80)  not null,
    received_at    timestamptz  not null,
    constraint document_once unique (tenant_id, worker_id, source, document_hash)
);
create index document_by_worker on document (tenant_id, worker_id);
create index document_by_hash on document (tenant_id, document_hash);

create table profile (
    id               bigint generated always as identity primary key,
    tenant_id        varchar(100) not null,
    worker_id        varchar(100) not null,
    source           varchar(100) not null,
    observed_at      timestamptz  not null,
    full_name        varchar(300) not null,
    nationality      varchar(2),
    location_country varchar(2),
    timezone         varchar(64),
    email_hash       varchar(80),
    phone_hash       varchar(80),
    phone_country    varchar(3),
    received_at      timestamptz  not null,
    constraint profile_once unique (tenant_id, worker_id, source, observed_at)
);
create index profile_by_worker on profile (tenant_id, worker_id);
