-- Observations looked up by their account or party subject (whose worker is it; the worker's facts): indexed, so a
-- worker's assessment reads its own rows and never scans the table.
create index observation_by_account on observation (tenant_id, account_id) where account_id is not null;
create index observation_by_party on observation (tenant_id, party_id) where party_id is not null;
