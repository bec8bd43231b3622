-- rewrites every row of a table that may be large: not bounded by the services' statement timeout
set local statement_timeout = 0;
-- ID-08's similar photos found through an index rather than by reading every photo of the tenant: the 64-bit
-- perceptual hash in eight 8-bit segments (multi-index hashing). Two hashes within a Hamming distance of 7 or less
-- agree on at least one whole segment (eight segments cannot all hold a differing bit), so the candidates of a photo
-- are the documents sharing a segment with it, and the exact distance is computed on those alone.
create table photo_segment (
    tenant_id   varchar(100) not null,
    segment     smallint     not null,
    value       smallint     not null,
    document_id bigint       not null references document (id) on delete cascade,
    primary key (tenant_id, segment, value, document_id)
);
create index photo_segment_by_document on photo_segment (document_id);
insert into photo_segment (tenant_id, segment, value, document_id)
select d.tenant_id, s, ((d.photo_hash >> (8 * s)) & 255)::smallint, d.id
from document d, generate_series(0, 7) s
where d.photo_hash is not null;
drop index document_by_photo;
