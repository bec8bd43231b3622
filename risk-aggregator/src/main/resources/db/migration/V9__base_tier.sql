-- The worker's tier without network flags (NW-01, NW-02) at its last refresh: the refresher reads the linked workers'
-- from here instead of reading all their evidence (half the evidence rows a refresh read in the benchmark), and
-- refreshes a worker's linked workers when this changes (their NW-01 and NW-02 rest on it, not on the full tier).
-- Null for rows written before: the linked worker's evidence is read, as before.
alter table assessment_state add column base_tier varchar(30);
