-- The retention job (issue 29) deletes kept signals by when they were kept: a BRIN index (rows arrive in time order,
-- so it is a few pages and costs the inserts next to nothing).
create index published_signal_by_time on published_signal using brin (created_at);
