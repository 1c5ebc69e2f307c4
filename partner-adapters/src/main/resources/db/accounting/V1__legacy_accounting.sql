-- The simulated legacy accounting system's own storage (a stand-in for the real system's database; the accounting
-- adapter never reads it, it only calls the legacy REST API). request_key makes authorize idempotent.
create table legacy_authorizations (
    id          varchar(64)   primary key,
    request_key varchar(200)  not null unique,
    consumer_id varchar(64)   not null,
    order_id    varchar(64)   not null,
    amount      numeric(12,2) not null,
    status      varchar(20)   not null,
    created_at  timestamptz   not null default now(),
    updated_at  timestamptz   not null default now()
);
