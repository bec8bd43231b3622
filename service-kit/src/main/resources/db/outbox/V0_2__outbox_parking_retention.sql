-- rewrites every row of a table that may be large: not bounded by the services' statement timeout
set local statement_timeout = 0;
-- A row that cannot be sent is retried with back-off and parked after a number of attempts, and never holds up the
-- others: the relay claims rows by their next attempt's time. Published rows are deleted after a retention, so the
-- signals a service reports on its GET endpoints are kept in a table of their own.
alter table outbox add column next_attempt_at timestamptz;
update outbox set next_attempt_at = created_at;
alter table outbox alter column next_attempt_at set not null;
alter table outbox add column parked_at timestamptz;
alter table outbox add column last_error varchar(200);
drop index outbox_unpublished;
create index outbox_due on outbox (next_attempt_at, id) where published_at is null and parked_at is null;
create index outbox_parked on outbox (id) where parked_at is not null;
drop index outbox_by_worker;
drop index outbox_by_key;

create table published_signal (
    signal_id   uuid primary key,
    tenant_id   varchar(100) not null,
    worker_id   varchar(100),
    message_key varchar(300) not null,
    payload     text         not null,
    created_at  timestamptz  not null
);
create index published_signal_by_worker on published_signal (tenant_id, worker_id, created_at);
create index published_signal_by_key on published_signal (tenant_id, message_key, created_at);
insert into published_signal (signal_id, tenant_id, worker_id, message_key, payload, created_at)
select message_id, tenant_id, worker_id, message_key, payload, created_at from outbox where topic = 'risk.signals'
order by id;
-- the retention's deletes read published rows by age
create index outbox_published on outbox (published_at) where published_at is not null;
