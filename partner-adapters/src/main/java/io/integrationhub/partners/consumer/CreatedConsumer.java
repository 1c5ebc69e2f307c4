package io.integrationhub.partners.consumer;

import io.swagger.v3.oas.annotations.media.Schema;

/** What {@code POST /partners/api/v1/consumers} answers (201, with its Location). */
@Schema(requiredProperties = "consumerId")
public record CreatedConsumer(String consumerId) {
}
