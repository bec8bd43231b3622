-- A signal has one subject: a worker, an account or a payment party. The subject indexes held an entry for every
-- signal, most of them null (a worker's signal has no account or party), so each stored signal cost three index
-- insertions where one is needed. Partial indexes keep the same lookups (`worker_id = any(?)`, `account_id = ?`,
-- `party_id = ?` imply "is not null") at one insertion per signal.
drop index signal_by_worker;
drop index signal_by_account;
drop index signal_by_party;
create index signal_by_worker on signal (tenant_id, worker_id) where worker_id is not null;
create index signal_by_account on signal (tenant_id, account_id) where account_id is not null;
create index signal_by_party on signal (tenant_id, party_id) where party_id is not null;
