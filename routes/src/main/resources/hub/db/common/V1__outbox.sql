-- The transactional outbox of a service (DESIGN.md §5 rule 1). Created in every service schema by the hub's own
-- Flyway history (hub_schema_history), so the relay and every writer share one layout.
create table outbox (
    id              bigserial    primary key,
    message_id      uuid         not null unique,      -- the idempotency key of every consumer
    destination     varchar(200) not null,             -- queue:<name> or topic:<name>
    message_type    varchar(100) not null,
    message_version varchar(20)  not null,
    aggregate_type  varchar(100) not null,
    aggregate_id    varchar(100) not null,
    reply_to        varchar(200),
    correlation_id  varchar(100),
    saga_id         varchar(100),
    trace_parent    varchar(55),
    content_type    varchar(100) not null default 'application/json',
    payload         text         not null,
    created_at      timestamptz  not null default clock_timestamp(),
    published_at    timestamptz
);

-- the relay reads only unpublished rows, in id order
create index outbox_unpublished on outbox (id) where published_at is null;
-- cleanup deletes published rows oldest first
create index outbox_published_at on outbox (published_at) where published_at is not null;

-- wake the relay up as soon as a transaction that wrote to the outbox commits (NOTIFY is delivered at commit);
-- one notification per statement, and PostgreSQL folds identical ones within a transaction
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_' || tg_table_schema, '');
    return null;
end $$;

create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();
