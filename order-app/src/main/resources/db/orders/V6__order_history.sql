-- Every write of an order (its creation and each saved change), with the state and reason it had then: the order's
-- own history, which the message journey (GET /api/v1/admin/journeys/{orderId}) shows beside its messages.
create table order_history (
    id               bigserial    primary key,
    order_id         bigint       not null references orders (id),
    version          integer      not null,
    state            varchar(40)  not null,
    rejection_reason varchar(500),
    changed_at       timestamptz  not null default clock_timestamp()
);
create index order_history_by_order on order_history (order_id, id);
