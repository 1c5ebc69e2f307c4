-- Messages a service has processed (DESIGN.md §5 rule 3): written in the same transaction as the side effect, keyed by
-- the envelope's messageId per route (processor name). Camel's JdbcMessageIdRepository layout.
create table camel_messageprocessed (
    processorName varchar(255) not null,
    messageId     varchar(100) not null,
    createdAt     timestamp    not null default now(),
    primary key (processorName, messageId)
);
-- retention cleanup deletes the oldest first
create index camel_messageprocessed_created on camel_messageprocessed (createdAt);
