-- Workers whose evidence changed since their assessment state was last refreshed; the refresher claims rows with
-- FOR UPDATE SKIP LOCKED (replicas share them) and deletes them once the state is current.
create table assessment_dirty (
    tenant_id varchar(100) not null,
    worker_id varchar(100) not null,
    marked_at timestamptz  not null,
    primary key (tenant_id, worker_id)
);
