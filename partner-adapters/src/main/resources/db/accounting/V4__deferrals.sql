-- Each time the accounting adapter deferred a command because the legacy system could not be called (circuit breaker
-- fallback: open circuit, timeout, full bulkhead, failure). Written in a transaction of its own: the deferred
-- attempt's own work is rolled back. The message journey shows them (GET /partners/api/v1/admin/journeys/{orderId}).
create table deferrals (
    id           bigserial    primary key,
    order_id     varchar(64)  not null,
    message_id   varchar(100) not null,
    message_type varchar(100) not null,
    reason       varchar(1000) not null,
    deferred_at  timestamptz  not null default clock_timestamp()
);
create index deferrals_by_order on deferrals (order_id, id);
