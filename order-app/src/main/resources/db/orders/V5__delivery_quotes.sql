-- Delivery quotes (publish / async responses): the quote request an order published, and the quote chosen.
-- delivery_state is null until the aggregation completed; then QUOTED (a courier's quote chosen) or NO_QUOTE.
alter table orders add column delivery_quote_request uuid unique;
alter table orders add column delivery_state varchar(16) check (delivery_state in ('QUOTED', 'NO_QUOTE'));
alter table orders add column delivery_courier_id varchar(64);
alter table orders add column delivery_price numeric(12, 2);
alter table orders add column delivery_eta_minutes integer;
alter table orders add column delivery_quotes integer;
alter table orders add column delivery_couriers integer;
alter table orders add column delivery_completed_by varchar(8) check (delivery_completed_by in ('all', 'timeout'));

-- Camel's JDBC aggregation repository (PostgresAggregationRepository, camel-sql): the groups in progress by
-- correlation id (the quote request's messageId), and the completed ones until the route that records them confirmed.
-- The layout is Camel's; exchange holds the serialized exchange.
create table delivery_quote_aggregation (
    id       varchar(255) not null primary key,
    exchange bytea        not null,
    version  bigint       not null
);
create table delivery_quote_aggregation_completed (
    id       varchar(255) not null primary key,
    exchange bytea        not null,
    version  bigint       not null
);
