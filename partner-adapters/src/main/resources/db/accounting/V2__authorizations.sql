-- The accounting adapter's own record of card authorizations (one per order), answered from the legacy system.
create table authorizations (
    order_id                varchar(64)   primary key,
    request_key             varchar(200)  not null,
    legacy_authorization_id varchar(64)   not null,
    amount                  numeric(12,2) not null,
    status                  varchar(20)   not null,
    updated_at              timestamptz   not null default now()
);
