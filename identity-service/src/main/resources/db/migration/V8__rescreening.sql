-- The holder's date of birth (as the MRZ gives it), so that continuous screening can separate namesakes.
alter table document add column birth_date varchar(10);

-- Continuous screening: a list import that adds or changes entries queues a job; replicas work through the
-- tenants' workers in batches (the cursor is committed with each batch's signals), so a killed process resumes.
create table rescreen_job (
    id                bigint generated always as identity primary key,
    watchlist_version bigint       not null,
    source            varchar(20)  not null,
    created_at        timestamptz  not null,
    cursor_tenant     varchar(100),
    cursor_worker     varchar(100),
    workers_screened  int          not null default 0,
    signals_raised    int          not null default 0,
    finished_at       timestamptz
);
create index rescreen_job_open on rescreen_job (id) where finished_at is null;
