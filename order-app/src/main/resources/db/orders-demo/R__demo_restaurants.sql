-- DEV/DEMO DATA (hub.order-app.demo-data=true): restaurants in the replica until restaurant replication
-- (restaurant.events) fills it. Upserts, so re-running is harmless.
insert into restaurant_replica (id, name) values
    ('r-ajanta', 'Ajanta'),
    ('r-sushi', 'Sushi Corner')
on conflict (id) do update set name = excluded.name;

insert into menu_item_replica (restaurant_id, id, name, price) values
    ('r-ajanta', 'chicken-vindaloo', 'Chicken Vindaloo', 12.34),
    ('r-ajanta', 'naan', 'Garlic Naan', 3.50),
    ('r-ajanta', 'lassi', 'Mango Lassi', 4.25),
    ('r-sushi', 'maki', 'Salmon Maki', 9.80),
    ('r-sushi', 'miso', 'Miso Soup', 3.20)
on conflict (restaurant_id, id) do update set name = excluded.name, price = excluded.price;
