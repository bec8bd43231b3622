-- Erasures asked of the aggregator (issue 29): when, by whom (the token's subject), and each service's confirmation.
-- The worker is held as the keyed hash of worker.erasures, never in clear.
create table erasure (
    erasure_id   uuid primary key,
    tenant_id    varchar(100) not null,
    subject_hash varchar(100) not null,
    requested_at timestamptz  not null,
    requested_by varchar(300) not null,
    due_at       timestamptz  not null,
    settled_at   timestamptz
);
create index erasure_open on erasure (due_at) where settled_at is null;

create table erasure_confirmation (
    erasure_id   uuid         not null references erasure (erasure_id),
    service      varchar(100) not null,
    confirmed_at timestamptz  not null,
    erased       text         not null,
    primary key (erasure_id, service)
);
