-- Sanctions lists are the one deployment-wide dataset (no tenant). Each import replaces a source's entries in one
-- transaction and records a version with what it added, removed and changed.
create table watchlist_entry (
    source       varchar(20)  not null,
    entry_id     varchar(100) not null,
    content      text         not null,
    content_hash varchar(64)  not null,
    primary key (source, entry_id)
);

create table watchlist_version (
    id          bigint generated always as identity primary key,
    source      varchar(20)  not null,
    imported_at timestamptz  not null,
    sha256      varchar(64)  not null,
    entries     int          not null,
    added       int          not null,
    removed     int          not null,
    changed     int          not null
);
