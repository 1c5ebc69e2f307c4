-- Delivery auditor, producer side: every outbox row gets the next number of its (destination, aggregate) — the scope
-- a consumer of one channel can check (it sees every message of that destination, none of the others). A counter row,
-- not max() over the outbox: published rows are cleaned up, and the next number must not restart after that. The
-- writer's upsert locks the row until commit, so the writers of one aggregate take their numbers (and outbox ids) in
-- the order they commit.
create table aggregate_sequence (
    destination    varchar(200) not null,
    aggregate_type varchar(100) not null,
    aggregate_id   varchar(100) not null,
    last_sequence  bigint       not null,
    primary key (destination, aggregate_type, aggregate_id)
);
-- null for rows written before this migration (sent without the header: consumers skip the check)
alter table outbox add column aggregate_sequence bigint;

-- Delivery auditor, consumer side: the highest aggregateSequence each consuming route has seen per producing outbox
-- (header aggregateSequenceSource) and aggregate. Several producers may write to one channel (order.replies).
create table delivery_position (
    route_id     varchar(255) not null,
    source       varchar(100) not null,
    aggregate_id varchar(100) not null,
    channel      varchar(200) not null,
    highest      bigint       not null,
    updated_at   timestamptz  not null default now(),
    primary key (route_id, source, aggregate_id)
);

-- What the auditor found: a gap (expected = the missing number, got = the number that showed it missing), a duplicate
-- (got ≤ the highest seen, not a missing one) or a reorder (got = a missing number arriving late; it resolves its gap).
-- A gap still open after hub.delivery-audit.gap-alarm-after is alarmed (alarmed_at).
create table delivery_audit (
    id             bigserial    primary key,
    route_id       varchar(255) not null,
    channel        varchar(200) not null,
    source         varchar(100) not null,
    aggregate_type varchar(100),
    aggregate_id   varchar(100) not null,
    kind           varchar(10)  not null check (kind in ('gap', 'duplicate', 'reorder')),
    expected       bigint       not null,
    got            bigint       not null,
    message_id     varchar(100),
    seen_at        timestamptz  not null default now(),
    alarmed_at     timestamptz,
    resolved_at    timestamptz
);
create index delivery_audit_open_gaps on delivery_audit (route_id, source, aggregate_id, expected)
    where kind = 'gap' and resolved_at is null;
create index delivery_audit_by_aggregate on delivery_audit (aggregate_id, seen_at);

-- Per-aggregate parking: while a message of an aggregate fails (is being redelivered, or was dead-lettered), the later
-- messages of that aggregate on that route wait here in arrival order instead of overtaking it; every other aggregate
-- keeps flowing. blocking_message_id = the failed message (the dead letter an operator replays or skips).
create table parked_aggregate (
    route_id            varchar(255) not null,
    aggregate_id        varchar(100) not null,
    channel             varchar(200) not null,
    aggregate_type      varchar(100),
    blocking_message_id varchar(100) not null,
    dead_lettered       boolean      not null default false,
    reason              varchar(1000),
    since               timestamptz  not null default now(),
    primary key (route_id, aggregate_id)
);

create table parked_message (
    id                 bigserial    primary key,           -- arrival order = release order
    route_id           varchar(255) not null,
    aggregate_id       varchar(100) not null,
    channel            varchar(200) not null,
    message_id         varchar(100) not null,
    message_type       varchar(100),
    aggregate_sequence bigint,
    blocking_message_id varchar(100) not null,             -- why it waits: the failed message it arrived behind
    headers            text         not null,              -- the envelope as JSON (string, number, boolean headers)
    body               text         not null,
    body_base64        boolean      not null default false, -- a binary body (protobuf), stored as base64
    parked_at          timestamptz  not null default now(),
    unique (route_id, message_id)
);
create index parked_message_release on parked_message (route_id, aggregate_id, id);
