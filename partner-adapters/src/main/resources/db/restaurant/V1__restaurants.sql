-- The restaurant service's own data; menu_version orders the replication events (RestaurantCreated, MenuRevised).
create table restaurants (
    id           varchar(64)  primary key,
    name         varchar(200) not null,
    open         boolean      not null default true,
    menu_version integer      not null default 1,
    created_at   timestamptz  not null default now()
);

create table menu_items (
    restaurant_id varchar(64)   not null references restaurants (id),
    id            varchar(64)   not null,
    name          varchar(200)  not null,
    price         numeric(10,2) not null check (price >= 0),
    available     boolean       not null default true,
    primary key (restaurant_id, id)
);
