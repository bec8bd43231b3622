-- The retention job (issue 29) deletes by the time a row was received: BRIN indexes, a few pages each.
create index document_by_time on document using brin (received_at);
create index profile_by_time on profile using brin (received_at);
create index attestation_by_time on attestation using brin (received_at);
create index shipping_request_by_time on shipping_request using brin (received_at);
