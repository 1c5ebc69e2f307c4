/** The local replica of the restaurants' data (restaurant_replica, menu_item_replica) orders are validated against. */
package io.integrationhub.order.replica;
