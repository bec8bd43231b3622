-- The refresh queue without long row locks: a refresher leases rows (claimed_until) in a short transaction, refreshes,
-- then deletes the rows not marked again since its claim. A consumer marking a worker meanwhile never waits for a
-- refresh; a lease left by a crashed refresher expires.
alter table assessment_dirty add column claimed_until timestamptz;
create index assessment_dirty_by_mark on assessment_dirty (marked_at);
