-- the holder's name as the MRZ gives it, for comparison with the names other sources use (ID-01, ID-13)
alter table document add column holder_name varchar(200) not null default '';
