-- What the test handler did, in the order it did it: one row per handled step of an aggregate.
create table effects (
    id           bigserial    primary key,
    aggregate_id varchar(100) not null,
    step         int          not null,
    message_id   varchar(100) not null
);
