-- The consumer service's own data.
create table consumers (
    id           varchar(64)   primary key,
    name         varchar(200)  not null,
    credit_limit numeric(12,2) not null check (credit_limit >= 0),
    active       boolean       not null default true,
    created_at   timestamptz   not null default now()
);
