-- The service's own signals as the detector topology committed them to risk.signals (GET /accounts/{id}/signals).
create table platform_signal (
    signal_id   uuid         primary key,
    tenant_id   varchar(100) not null,
    account_id  varchar(100) not null,
    code        varchar(10)  not null,
    observed_at timestamptz  not null,
    payload     text         not null
);
create index platform_signal_by_account on platform_signal (tenant_id, account_id, observed_at);
