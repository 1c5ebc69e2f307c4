/** Kitchen service adapter: tickets for the create-order saga (kitchen.commands, replies through its outbox) and each kitchen's acceptance of orders. */
package io.integrationhub.partners.kitchen;
