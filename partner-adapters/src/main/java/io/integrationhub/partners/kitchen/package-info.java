/** Kitchen service adapter: tickets for the create-, cancel- and revise-order sagas (kitchen.commands, replies through its outbox; semantic locks CANCEL_PENDING and REVISION_PENDING), the kitchen's own steps (accept, start preparing) and each kitchen's acceptance of orders. */
package io.integrationhub.partners.kitchen;
