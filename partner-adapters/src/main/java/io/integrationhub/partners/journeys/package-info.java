/**
 * partner-adapters' part of an order's message journey, served to operators (and to order-app's journey) by its own
 * admin API: {@code GET /partners/api/v1/admin/journeys/{aggregateId}}.
 */
package io.integrationhub.partners.journeys;
