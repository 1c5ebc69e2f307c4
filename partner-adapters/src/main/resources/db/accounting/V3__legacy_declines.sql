-- The simulated legacy system also remembers a decline under its request key (status DECLINED, with its reason), so
-- asking again with the same key gets the same decline; a DECLINED row is no authorization: it cannot be reversed
-- or revised, and its id is never handed out.
alter table legacy_authorizations add column decline_reason varchar(500);
