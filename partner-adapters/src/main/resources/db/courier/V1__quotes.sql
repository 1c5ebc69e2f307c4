-- A simulated courier's own data (one schema per courier: courier_swift, courier_thrifty; the same migrations).
-- Flyway adds outbox and camel_messageprocessed to the schema (hub/db/common).

-- One row per quote request answered: the answer is given once per request, whatever the messageId.
create table quotes (
    request_id   varchar(100) primary key,   -- the request's messageId (the answer's JMSCorrelationID)
    order_id     varchar(64)  not null,
    answer       varchar(32)  not null check (answer in ('DeliveryQuote', 'DeliveryQuoteDeclined')),
    price        numeric(12, 2),
    eta_minutes  integer,
    valid_until  timestamptz,
    reason       varchar(200),
    created_at   timestamptz  not null default now()
);
