-- The log-tailing relay's stream passes rows that must wait behind an earlier held row of their aggregate: it marks
-- them (failure set, failed_at not) and, on a release, sends the marked rows itself (OutboxLogTailing). Every batch
-- it streams asks whether an earlier marked row of the same aggregate is still unpublished; this index keeps that
-- question free while nothing is held (it is empty then).
create index outbox_marked on outbox (aggregate_id, id) where failure is not null and published_at is null;
