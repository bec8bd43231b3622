-- what identity-service screens a party as (issue 28): PERSON (listed individuals only), ORGANISATION (listed
-- entities only), or null for a party of unknown kind (both). Rows queued before this column are screened as either.
alter table party_screening add column subject_type varchar(20);
