/** Restaurant service adapter: restaurants and menus, ValidateOrderDetails, and the replication events it publishes. */
package io.integrationhub.partners.restaurant;
