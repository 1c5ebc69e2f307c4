-- Cancel and revise: why the last change a client asked for was refused (the order is APPROVED again).
alter table orders add column refused_change varchar(1100);
