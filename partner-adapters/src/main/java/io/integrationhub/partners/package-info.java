/**
 * The partner services (consumer, restaurant, kitchen, accounting, couriers, notifications), one sub-package each,
 * and the simulated legacy systems. Never depends on order-app: they talk only through the broker and REST.
 */
package io.integrationhub.partners;
