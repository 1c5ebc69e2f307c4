-- The kitchen service's own data. Flyway adds outbox and camel_messageprocessed to the schema (hub/db/common).

-- One row per order (the business key of every kitchen command): the ticket, or what the kitchen answered instead.
-- ticket_id is null while no ticket was created: refused (REJECTED), or cancelled before its CreateTicket arrived
-- (CANCELLED with no line items: the "version file" that makes a late CreateTicket fail).
create table tickets (
    order_id      varchar(64)  primary key,
    ticket_id     varchar(64)  unique,
    restaurant_id varchar(64),
    state         varchar(32)  not null
                  check (state in ('CREATE_PENDING', 'AWAITING_ACCEPTANCE', 'CANCELLED', 'REJECTED')),
    line_items    jsonb        not null default '[]',
    reason        text,
    created_at    timestamptz  not null default now(),
    updated_at    timestamptz  not null default now(),
    version       integer      not null default 0
);

-- Whether a restaurant's kitchen takes new tickets; a restaurant without a row does.
create table kitchens (
    restaurant_id    varchar(64) primary key,
    accepting_orders boolean     not null,
    updated_at       timestamptz not null default now()
);
