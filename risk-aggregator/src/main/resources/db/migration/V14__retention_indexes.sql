-- The retention job (issue 29) deletes evidence by the time it was received: BRIN indexes, a few pages each.
create index signal_by_time on signal using brin (received_at);
create index observation_by_time on observation using brin (received_at);
