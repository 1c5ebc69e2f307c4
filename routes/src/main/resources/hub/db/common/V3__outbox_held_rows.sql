-- A row the broker refuses for good (the service may not send to its destination, the address does not exist) no
-- longer stops the relay: it is held (failed_at, failure say when and why) and the later rows of its aggregate wait
-- behind it, so the aggregate's order holds, while every other aggregate keeps flowing. An operator fixes the cause
-- and releases it (POST <admin>/outbox/{outbox}/held/{id}/release), or deletes the row.
alter table outbox add column failed_at timestamptz, add column failure varchar(500);

create index outbox_held on outbox (aggregate_id, id) where failed_at is not null;
