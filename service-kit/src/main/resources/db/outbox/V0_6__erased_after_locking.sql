-- A batch's suppression check (issue 29) in one round trip: the shared locks on the batch's workers (in order, so two
-- batches never deadlock), then the read of the suppression records. In a volatile PL/pgSQL function each statement
-- takes its own snapshot, so the read sees an erasure the locks waited for, as the two statements the client sent
-- before did; a batch of transfers saves a round trip (payments' bench: ~10 ms a batch under load).
create or replace function erased_after_locking(workers varchar[], subjects varchar[]) returns setof varchar
language plpgsql volatile as $$
begin
    perform pg_advisory_xact_lock_shared(hashtextextended(h, 0))
    from unnest(workers) with ordinality as u(h, n) order by n;
    return query select subject_hash from erased_subject where subject_hash = any(subjects);
end
$$;
