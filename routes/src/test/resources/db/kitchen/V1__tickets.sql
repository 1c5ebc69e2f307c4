-- Kitchen tickets, one per CreateTicket command (the README's YAML adapter example).
create table tickets (
    message_id varchar(100) primary key,
    order_id   varchar(64)  not null,
    restaurant_id varchar(64) not null,
    created_at timestamptz  not null default now()
);
