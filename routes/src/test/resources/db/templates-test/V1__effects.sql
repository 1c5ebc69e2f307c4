-- What the test handlers did: one row per handled message (no unique key, so a second effect would show).
create table effects (
    id         bigserial primary key,
    route      varchar(64)  not null,
    message_id varchar(100) not null
);
