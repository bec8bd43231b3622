-- Issue 30: the common-identifier threshold relative to the tenant's size (firebreak.network.common-share, down to
-- common-floor, at most common-workers). The threshold the tenant's clusters were last made with is kept, so that when
-- the tenant's growth (or an erasure) moves it, the identifiers whose holder count lies between the old and the new
-- threshold are linked or unlinked before anything else is.
create table tenant_links (
    tenant_id        varchar(100) primary key,
    workers          integer not null,
    common_threshold integer not null
);
