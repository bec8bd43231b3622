create table signal (
    signal_id    uuid primary key,
    group_id     uuid,
    tenant_id    varchar(100) not null,
    worker_id    varchar(100),
    account_id   varchar(100),
    party_id     varchar(100),
    code         varchar(10)  not null,
    severity     varchar(10)  not null,
    confidence   double precision not null,
    observed_at  timestamptz  not null,
    expires_at   timestamptz,
    source       varchar(100) not null,
    detector     varchar(100) not null,
    evidence     text         not null,
    received_at  timestamptz  not null
);
create index signal_by_worker on signal (tenant_id, worker_id);
create index signal_by_account on signal (tenant_id, account_id);
create index signal_by_party on signal (tenant_id, party_id);

create table observation (
    observation_id uuid primary key,
    tenant_id      varchar(100) not null,
    worker_id      varchar(100),
    account_id     varchar(100),
    party_id       varchar(100),
    type           varchar(40)  not null,
    value          varchar(300) not null,
    observed_at    timestamptz  not null,
    source         varchar(100) not null,
    received_at    timestamptz  not null
);
create index observation_by_worker on observation (tenant_id, worker_id);
create index observation_by_value on observation (tenant_id, type, value);
