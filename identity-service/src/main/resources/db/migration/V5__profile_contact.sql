-- what ID-04 and ID-06 need of a profile snapshot: the phone's type and validity, whether the email domain is
-- disposable (the address itself stays a keyed hash), and the profile photo's perceptual hash
alter table profile add column phone_type varchar(30);
alter table profile add column phone_valid boolean;
alter table profile add column email_disposable boolean;
alter table profile add column photo_hash bigint;
