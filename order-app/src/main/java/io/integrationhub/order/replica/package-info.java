/**
 * The local replica of the restaurants' data (restaurant_replica, menu_item_replica) orders are validated against,
 * kept from restaurant.events in JSON or Protocol Buffers.
 */
package io.integrationhub.order.replica;
