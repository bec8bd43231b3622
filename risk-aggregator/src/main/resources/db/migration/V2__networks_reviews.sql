-- Identifiers that can link workers, resolved to the workers they belong to: a worker's own observations, and those
-- of the platform accounts and payment parties that PLATFORM_ACCOUNT / PAYMENT_PARTY observations tie to the worker.
create table worker_identifier (
    tenant_id  varchar(100) not null,
    type       varchar(40)  not null,
    value      varchar(300) not null,
    worker_id  varchar(100) not null,
    source     varchar(100) not null,
    first_seen timestamptz  not null,
    primary key (tenant_id, type, value, worker_id)
);
create index worker_identifier_by_worker on worker_identifier (tenant_id, worker_id);

-- Workers linked through identifiers that are not common ones; only workers with at least one link have a row.
-- The cluster id derives from the tenant and the cluster's smallest worker id, so a replay names it the same.
create table worker_cluster (
    tenant_id  varchar(100) not null,
    worker_id  varchar(100) not null,
    cluster_id varchar(64)  not null,
    primary key (tenant_id, worker_id)
);
create index worker_cluster_by_cluster on worker_cluster (tenant_id, cluster_id);

-- The last published state of each worker's assessment (what risk.assessments announced).
create table assessment_state (
    tenant_id  varchar(100) not null,
    worker_id  varchar(100) not null,
    tier       varchar(30)  not null,
    score      double precision not null,
    codes      text         not null,
    as_of      timestamptz  not null,
    primary key (tenant_id, worker_id)
);
create index assessment_state_by_tier on assessment_state (tenant_id, tier, score desc, worker_id);

-- Analysts' reviews: CONFIRM, DISMISS (suppresses the code for the worker until newer evidence), ESCALATE.
create table review (
    id          bigint generated always as identity primary key,
    tenant_id   varchar(100) not null,
    worker_id   varchar(100) not null,
    code        varchar(10),
    action      varchar(10)  not null,
    note        varchar(2000),
    analyst     varchar(200) not null,
    reviewed_at timestamptz  not null
);
create index review_by_worker on review (tenant_id, worker_id, reviewed_at);

-- Every change of tier, every review, every erasure.
create table audit_entry (
    id          bigint generated always as identity primary key,
    tenant_id   varchar(100) not null,
    worker_id   varchar(100) not null,
    kind        varchar(20)  not null,
    detail      text         not null,
    actor       varchar(200) not null,
    recorded_at timestamptz  not null
);
create index audit_entry_by_worker on audit_entry (tenant_id, worker_id, id);
