-- Coverage (issue 27): how many of each kind of input a tenant sent per day, and how many carried each field the
-- service's contract names (field '' is the kind itself). Tenant-level counts, no worker data: nothing to erase.
-- Rows older than the coverage window (30 days) are deleted by the flush job.
create table coverage_usage (
    tenant_id varchar(100) not null,
    day       date         not null,
    kind      varchar(60)  not null,
    field     varchar(64)  not null,
    received  bigint       not null,
    primary key (tenant_id, day, kind, field)
);
