-- Traces (issue 27): the W3C traceparent of the span that wrote the row (a REST request, a consumer's batch), so the
-- relay's Kafka message continues that trace. Null while tracing is off (the default) and for rows written before.
alter table outbox add column trace_parent varchar(128);
