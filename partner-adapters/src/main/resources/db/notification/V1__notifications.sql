-- Notifications sent to consumers; message_id makes a redelivered NotifyConsumer harmless.
create table notifications (
    id           bigserial primary key,
    message_id   varchar(100) not null unique,
    consumer_id  varchar(64)  not null,
    order_id     varchar(64)  not null,
    text         varchar(1000) not null,
    trace_parent varchar(55),
    created_at   timestamptz  not null default now()
);
