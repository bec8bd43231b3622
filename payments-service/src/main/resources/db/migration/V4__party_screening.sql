-- PM-13: every payment party name to be screened by identity-service. Queued in the transaction that stores the
-- transfer, so no screening is lost when identity-service is down; retried with back-off until it answers, and
-- queued again for every party when a sanctions list changes (watchlists.updated).
create table party_screening (
    id               bigint generated always as identity primary key,
    tenant_id        varchar(100) not null,
    party_id         varchar(100) not null,
    name             varchar(300) not null,
    pending          boolean      not null,
    attempts         int          not null default 0,
    next_attempt_at  timestamptz  not null,
    screened_at      timestamptz,
    matches          int,
    constraint party_screening_once unique (tenant_id, party_id, name)
);
create index party_screening_due on party_screening (next_attempt_at) where pending;
