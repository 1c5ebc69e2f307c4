-- What the message journey (issue 17) needs and the broker forgets.

-- Which relay instance published a row (hub.outbox.relay-instance, default host/pid): with several instances of a
-- service only the one holding the relay lock publishes, and the journey says which one it was.
alter table outbox add column published_by varchar(200);

-- Each dead letter an operator replayed through this service's admin API: once replayed it is gone from
-- DLQ.<channel>, and this row keeps when and why it had been dead-lettered.
create table dead_letter_replays (
    id               bigserial    primary key,
    channel          varchar(200) not null,
    message_id       varchar(100),
    message_type     varchar(100),
    aggregate_id     varchar(100),
    reason           varchar(2000),
    deliveries       integer,
    dead_lettered_at timestamptz,
    replayed_at      timestamptz  not null default clock_timestamp()
);
create index dead_letter_replays_by_aggregate on dead_letter_replays (aggregate_id, id);
