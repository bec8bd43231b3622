-- Lists that refresh themselves (issue 27): per source, the last fetch and its outcome. A replica claims a source by
-- setting running_until (a lease), so one replica fetches it at a time; a replica killed mid-fetch leaves a lease that
-- expires. No personal data.
create table watchlist_refresh (
    source        varchar(20)  primary key,
    attempted_at  timestamptz  not null,
    running_until timestamptz,
    succeeded_at  timestamptz,
    outcome       varchar(12),
    detail        varchar(500),
    etag          varchar(200),
    last_modified varchar(100)
);
