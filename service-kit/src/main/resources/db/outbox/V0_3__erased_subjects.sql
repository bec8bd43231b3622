-- Suppression records (issue 29): one per erased worker, and per account or party erased with it, as a keyed hash
-- (HMAC under the deployment's identifier key) of tenant, kind and id, nothing else. Every path by which data about a
-- worker enters a service consults it, so a redelivered message, a replay or a re-screening does not bring the worker
-- back. Kept for good (an erasure is for good).
create table erased_subject (
    subject_hash varchar(100) primary key,
    tenant_id    varchar(100) not null,
    kind         varchar(10)  not null,
    erasure_id   uuid         not null,
    erased_at    timestamptz  not null
);
create index erased_subject_by_erasure on erased_subject (erasure_id);
