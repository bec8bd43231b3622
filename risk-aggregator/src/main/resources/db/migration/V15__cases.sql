-- Cases (issue 26): one per worker a person works on, with an assignee and a status, and the notes written on it.
-- A worker without a row has an open, unassigned case. The version makes concurrent edits safe (If-Match).
create table worker_case (
    tenant_id  varchar(100) not null,
    worker_id  varchar(100) not null,
    status     varchar(10)  not null check (status in ('OPEN', 'IN_REVIEW', 'CLOSED')),
    assignee   varchar(200),
    version    integer      not null,
    updated_at timestamptz  not null,
    updated_by varchar(200) not null,
    primary key (tenant_id, worker_id)
);
create index worker_case_by_assignee on worker_case (tenant_id, assignee) where assignee is not null;
create index worker_case_by_status on worker_case (tenant_id, status);

create table case_note (
    id         bigint generated always as identity primary key,
    tenant_id  varchar(100)  not null,
    worker_id  varchar(100)  not null,
    note       varchar(4000) not null,
    author     varchar(200)  not null,
    written_at timestamptz   not null
);
create index case_note_by_worker on case_note (tenant_id, worker_id, id);

-- The worker list's filters and paging on a tenant of 100,000 workers: keyset paging by score then worker id, with and
-- without a tier (assessment_state_by_tier serves the tier), and the codes as an array for "has this flag".
create index assessment_state_by_score on assessment_state (tenant_id, score desc, worker_id);
create index assessment_state_codes on assessment_state using gin (string_to_array(codes, ','));

-- When each worker's tier last changed (what changed since a person's last visit); as of now for the rows there are.
alter table assessment_state add column tier_changed_at timestamptz;
update assessment_state set tier_changed_at = as_of;
