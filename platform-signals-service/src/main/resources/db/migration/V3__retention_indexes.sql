-- The retention job (issue 29) deletes by the time a row was received (a signal: observed): BRIN indexes.
create index platform_event_by_time on platform_event using brin (received_at);
create index platform_signal_by_time on platform_signal using brin (observed_at);
