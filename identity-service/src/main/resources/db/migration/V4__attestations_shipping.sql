create table attestation (
    id          bigint generated always as identity primary key,
    tenant_id   varchar(100) not null,
    worker_id   varchar(100) not null,
    kind        varchar(40)  not null,
    observed_at timestamptz  not null,
    note        varchar(2000),
    received_at timestamptz  not null,
    constraint attestation_once unique (tenant_id, worker_id, kind, observed_at)
);
create index attestation_by_worker on attestation (tenant_id, worker_id);

create table shipping_request (
    id                           bigint generated always as identity primary key,
    tenant_id                    varchar(100) not null,
    worker_id                    varchar(100) not null,
    observed_at                  timestamptz  not null,
    country                      varchar(2)   not null,
    postcode                     varchar(20),
    address_hash                 varchar(80)  not null,
    cannot_receive_at_id_address boolean      not null,
    received_at                  timestamptz  not null,
    constraint shipping_request_once unique (tenant_id, worker_id, observed_at)
);
create index shipping_request_by_worker on shipping_request (tenant_id, worker_id);

-- the address printed on the document (country and postcode level), for ID-12
alter table document add column address_country varchar(2);
alter table document add column address_postcode varchar(20);
