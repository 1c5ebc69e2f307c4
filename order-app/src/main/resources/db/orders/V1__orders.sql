-- The order service's own tables (the outbox comes from the hub's migrations).
create table orders (
    id               bigserial     primary key,
    state            varchar(40)   not null,
    consumer_id      varchar(64)   not null,
    restaurant_id    varchar(64)   not null,
    order_total      numeric(12,2) not null,
    delivery_address varchar(500),
    delivery_time    timestamptz,
    rejection_reason varchar(500),
    version          integer       not null default 0,   -- optimistic locking of state changes
    created_at       timestamptz   not null default now(),
    updated_at       timestamptz   not null default now()
);
create index orders_by_consumer on orders (consumer_id, id);

create table order_line_items (
    order_id     bigint        not null references orders (id),
    line         integer       not null,
    menu_item_id varchar(64)   not null,
    name         varchar(200)  not null,
    quantity     integer       not null check (quantity > 0),
    price        numeric(10,2) not null,
    primary key (order_id, line)
);

-- local copy of the restaurants' data: orders are validated without calling anyone (DESIGN.md §4.3)
create table restaurant_replica (
    id         varchar(64)  primary key,
    name       varchar(200) not null,
    updated_at timestamptz  not null default now()
);

create table menu_item_replica (
    restaurant_id varchar(64)   not null references restaurant_replica (id),
    id            varchar(64)   not null,
    name          varchar(200)  not null,
    price         numeric(10,2) not null,
    primary key (restaurant_id, id)
);

-- Idempotency-Key of POST /api/v1/orders: the same key returns the same order
create table idempotency_keys (
    key          varchar(200) primary key,
    request_hash varchar(64)  not null,
    order_id     bigint       references orders (id),
    created_at   timestamptz  not null default now()
);
