-- The document photo's 64-bit perceptual hash, to find near-identical photos used by different workers (ID-08).
alter table document add column photo_hash bigint;
create index document_by_photo on document (tenant_id) where photo_hash is not null;
