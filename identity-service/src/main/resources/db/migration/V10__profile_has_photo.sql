-- Issue 30: whether the tenant says the profile has a picture (null: it did not say). ID-06 "no picture" reads only
-- an explicit false: a platform that never sends pictures says nothing about its workers.
alter table profile add column has_photo boolean;
