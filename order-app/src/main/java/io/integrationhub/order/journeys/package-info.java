/**
 * The message journey of one order across both services (issue 17): {@code GET /api/v1/admin/journeys/{orderId}}
 * and the page {@code /admin/journeys/{orderId}}. Every {@link io.integrationhub.routes.journey.JourneySource} bean
 * is one source of entries; partner-adapters' part comes over HTTP from its own admin API.
 */
package io.integrationhub.order.journeys;
