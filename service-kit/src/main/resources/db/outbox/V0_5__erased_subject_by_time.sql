-- ErasedSubjects reloads its in-memory copy by what was recorded since its last reload (with an overlap), not the
-- whole table every few seconds: an index by time.
create index erased_subject_by_time on erased_subject (erased_at);
