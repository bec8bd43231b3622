-- The retention job (issue 29) deletes by the time a row was received: BRIN indexes, a few pages each.
create index transfer_by_time on transfer using brin (received_at);
create index payout_account_by_time on payout_account using brin (received_at);
create index payment_request_by_time on payment_request using brin (received_at);
