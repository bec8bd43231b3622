-- How many workers hold each identifier, kept with worker_identifier (same transaction, under the tenant's link lock).
-- Reading a worker's links must leave out common identifiers (a carrier NAT's IP held by thousands); counting each
-- identifier's holders up to the threshold on every read cost ~90 index entries per worker with four shared IPs (half
-- of the refresh's database time in the aggregator benchmark). With the count stored it is one lookup per identifier.
-- The threshold stays configuration: the count is compared with it when read.
create table identifier_holders (
    tenant_id varchar(100) not null,
    type      varchar(40)  not null,
    value     varchar(300) not null,
    holders   integer      not null check (holders > 0),
    primary key (tenant_id, type, value)
);

insert into identifier_holders (tenant_id, type, value, holders)
select tenant_id, type, value, count(*) from worker_identifier group by tenant_id, type, value;
