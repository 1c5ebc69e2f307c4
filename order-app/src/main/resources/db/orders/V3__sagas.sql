-- Durable sagas (the create-order saga): one row per saga, one row per command it sent. A reply is matched by its
-- JMSCorrelationID (= the command's messageId) to its saga_step row, and applied in one transaction with the saga
-- row, the order and the outbox rows of the next commands.
create table saga_instance (
    id             uuid         primary key,
    saga_type      varchar(64)  not null,
    order_id       bigint       not null references orders (id),
    state          varchar(16)  not null check (state in ('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'FAILED')),
    current_step   integer      not null,
    data           jsonb        not null,
    -- when the current step must have its replies; null once the saga has ended
    deadline       timestamptz,
    -- sends of the current step's commands so far (the first send included)
    attempts       integer      not null default 0,
    -- why the saga compensates (the refusal or the step past its deadline): the order is rejected with it
    failure_reason varchar(1000),
    -- why a FAILED saga stopped: the compensation that kept failing
    failed_because varchar(1000),
    trace_parent   varchar(100),
    version        integer      not null default 0,
    created_at     timestamptz  not null default now(),
    updated_at     timestamptz  not null default now(),
    ended_at       timestamptz
);
create index saga_instance_by_order on saga_instance (order_id);
create index saga_instance_active_by_deadline on saga_instance (deadline) where state in ('RUNNING', 'COMPENSATING');
create index saga_instance_by_state on saga_instance (state, saga_type, created_at);

-- the step log: every command sent (each re-send is a row of its own) and what answered it
create table saga_step (
    id                 bigserial    primary key,
    saga_id            uuid         not null references saga_instance (id),
    step               integer      not null,
    step_name          varchar(64)  not null,
    direction          varchar(12)  not null check (direction in ('FORWARD', 'COMPENSATION')),
    participant        varchar(200) not null,
    command_type       varchar(100) not null,
    command_message_id uuid         not null unique,
    attempt            integer      not null,
    -- SENT (waiting), SUCCEEDED, FAILED, TIMED_OUT (the saga stopped waiting), SUPERSEDED (another send of the same
    -- command was answered first)
    outcome            varchar(16)  not null,
    reply_type         varchar(100),
    reply_message_id   varchar(100),
    detail             varchar(1000),
    sent_at            timestamptz  not null default now(),
    replied_at         timestamptz
);
create index saga_step_by_saga on saga_step (saga_id, id);

-- Orders accepted before sagas existed continue as create-order sagas: those still being validated keep waiting for
-- the replies order_commands recorded (deadline from now), those already VALIDATED continue with the next step.
insert into saga_instance (id, saga_type, order_id, state, current_step, data, deadline, attempts)
select gen_random_uuid(), 'create-order', o.id, 'RUNNING',
       case when o.state = 'VALIDATED' then 1 else 0 end,
       jsonb_build_object('orderId', o.id::text, 'consumerId', o.consumer_id, 'restaurantId', o.restaurant_id,
                          'orderTotal', o.order_total,
                          'lineItems', (select coalesce(jsonb_agg(jsonb_build_object('menuItemId', li.menu_item_id,
                                        'quantity', li.quantity, 'price', li.price) order by li.line), '[]'::jsonb)
                                        from order_line_items li where li.order_id = o.id)),
       case when o.state = 'VALIDATED' then now() else now() + interval '60 seconds' end,
       case when o.state = 'VALIDATED' then 0 else 1 end
from orders o
where o.state in ('APPROVAL_PENDING', 'CONSUMER_VALIDATED', 'ORDER_DETAILS_VALIDATED', 'VALIDATED');

-- Every validation command of a migrated order becomes a step-0 row, the VALIDATED orders' (all answered) included:
-- a further reply to one of them is then recognised as repeated and acknowledged, as V2 did, not dead-lettered as
-- answering "no command this service sent"; and the saga's log shows its validation like a new saga's does.
insert into saga_step (saga_id, step, step_name, direction, participant, command_type, command_message_id, attempt,
                       outcome, sent_at, replied_at)
select s.id, 0, 'validate-order', 'FORWARD',
       case c.command_type when 'ValidateConsumerInfo' then 'consumer.commands' else 'restaurant.commands' end,
       c.command_type, c.message_id, 1, case when c.answered_at is null then 'SENT' else 'SUCCEEDED' end,
       c.created_at, c.answered_at
from order_commands c
join saga_instance s on s.order_id = c.order_id;

-- replaced by saga_step
drop table order_commands;
