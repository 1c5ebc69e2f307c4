package io.integrationhub.order.consumers;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What {@code GET /api/v1/consumers/{id}} answers: the consumer service's {@code ConsumerDetails} reply
 * (asyncapi.yaml), passed through as it came. Declared here for the OpenAPI document: order-app does not parse it.
 */
@Schema(name = "Consumer", requiredProperties = { "consumerId", "name", "creditLimit", "active" })
public record ConsumerDetails(String consumerId, String name, BigDecimal creditLimit, boolean active) {
}
