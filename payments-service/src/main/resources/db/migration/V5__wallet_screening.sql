-- PM-10/PM-13: a party paid to or from a crypto wallet is screened with the wallet address as an identifier
-- (sanctions lists name addresses); a worker's own payout wallet is screened too (worker_id set, party_id
-- "worker:<id>"). A party is queued once per name and wallet.
alter table party_screening add column wallet varchar(200);
alter table party_screening add column worker_id varchar(100);
alter table party_screening drop constraint party_screening_once;
create unique index party_screening_once on party_screening (tenant_id, party_id, name, coalesce(wallet, ''));
