/**
 * The message journey of one aggregate (issue 17): {@link io.integrationhub.routes.journey.JourneySource}s each
 * tell what their part of a service knows about it (outbox rows, processed messages, replays of dead letters, …) as
 * {@link io.integrationhub.routes.journey.JourneyEntry}s, which the service's journey API puts in time order.
 */
package io.integrationhub.routes.journey;
