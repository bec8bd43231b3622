-- A stored state changes with time alone when a signal expires (its flag stops counting) and as old evidence decays
-- (the score). The time sweep (TimeSweep) queues the workers whose signals expired since its last pass, found through
-- this index, and re-checks the oldest stored states a chunk at a time.
create index signal_expiring on signal (expires_at) where expires_at is not null;

-- How far each sweep has gone: one row per sweep, locked by the replica that runs it.
create table assessment_sweep (
    name         varchar(40) primary key,
    swept_until  timestamptz not null
);
