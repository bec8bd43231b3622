-- The names of the document checks that failed (comma-separated), as reported when the document was received.
alter table document add column failed_checks varchar(500) not null default '';
