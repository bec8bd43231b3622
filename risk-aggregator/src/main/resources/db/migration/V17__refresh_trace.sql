-- Traces (issue 27): the W3C traceparent of the signal or observation that queued the worker, so the refresh's tier
-- change continues that trace. Null while tracing is off (the default) and for marks without one (a sweep, a review).
alter table assessment_dirty add column trace_parent varchar(128);
