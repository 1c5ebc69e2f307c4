-- Issue 11: the kitchen's own steps and the cancel- and revise-order sagas' steps.
-- ACCEPTED and PREPARING are set by the kitchen (partner API). CANCEL_PENDING and REVISION_PENDING are ch. 4's
-- semantic lock: while a saga holds one, no other change is taken; previous_state remembers where an undo goes back
-- to, pending_line_items what a confirmed revision makes the line items.
alter table tickets drop constraint tickets_state_check;
alter table tickets add constraint tickets_state_check check (state in ('CREATE_PENDING', 'AWAITING_ACCEPTANCE',
    'ACCEPTED', 'PREPARING', 'CANCEL_PENDING', 'CANCELLED', 'REVISION_PENDING', 'REJECTED'));

alter table tickets add column previous_state varchar(32)
    check (previous_state in ('AWAITING_ACCEPTANCE', 'ACCEPTED'));
alter table tickets add column pending_line_items jsonb;

-- a lock always knows where it came from, and only a pending revision has pending line items
alter table tickets add constraint tickets_lock_check check (
    (state in ('CANCEL_PENDING', 'REVISION_PENDING')) = (previous_state is not null)
    and (state = 'REVISION_PENDING') = (pending_line_items is not null));
