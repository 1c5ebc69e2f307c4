-- Commands order-app sent, so a reply is matched by JMSCorrelationID (= the command's messageId) to its order and
-- to the question it answers. Kept after the outbox row is cleaned up.
create table order_commands (
    message_id   uuid        primary key,
    order_id     bigint      not null references orders (id),
    command_type varchar(100) not null,
    answered_at  timestamptz,
    created_at   timestamptz not null default now()
);
create index order_commands_by_order on order_commands (order_id);

-- replication: the replica applies an event only if it is newer than what it has
alter table restaurant_replica add column menu_version integer not null default 0;
