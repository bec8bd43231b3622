-- Reading a worker's links starts from its identifiers and looks each one's holder count up (Links.linksOf). In the
-- aggregator benchmark that read was the largest database cost of the refresh (68 s of a run): a heap page per
-- identifier and per count looked up, for seven identifiers a worker of which one linked. Both indexes now carry what
-- the read needs, so those lookups are index-only (on pages the visibility map marks all-visible, which is most of
-- them: both tables are mostly appended to). On a copy of the benchmark's store, 500 workers' links took 19–29 ms
-- instead of 54–131 ms.
create index worker_identifier_by_worker_covering on worker_identifier (tenant_id, worker_id)
    include (type, value, source, first_seen);
drop index worker_identifier_by_worker;

create unique index identifier_holders_covering on identifier_holders (tenant_id, type, value) include (holders);
alter table identifier_holders drop constraint identifier_holders_pkey,
    add constraint identifier_holders_pkey primary key using index identifier_holders_covering;
