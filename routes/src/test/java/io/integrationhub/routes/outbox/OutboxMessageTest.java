package io.integrationhub.routes.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.integrationhub.routes.messaging.ContentTypes;

/** A binary payload survives the outbox's text column: stored as base64, sent as the original bytes. */
class OutboxMessageTest {

    private final OutboxMessage event = OutboxMessage.event("restaurant.events", "RestaurantCreated", "Restaurant",
            "r-1", null, "{\"restaurantId\":\"r-1\"}");

    @Test
    void shouldStoreABinaryPayloadAsBase64AndSendTheOriginalBytes() {
        byte[] body = { 0x0a, 0x03, 'r', '-', '1', (byte) 0xff, 0x00 };
        OutboxMessage binary = event.withBinaryPayload(ContentTypes.PROTOBUF, body);

        assertThat(binary.contentType()).isEqualTo(ContentTypes.PROTOBUF);
        assertThat(binary.payload()).isEqualTo("CgNyLTH/AA==");
        assertThat(OutboxMessage.wireBody(binary.contentType(), binary.payload())).isEqualTo(body);
        assertThat(binary.messageType()).isEqualTo(event.messageType());
        assertThat(binary.destination()).isEqualTo(event.destination());
    }

    @Test
    void shouldSendJsonAsTheTextItIs() {
        assertThat(event.contentType()).isEqualTo(ContentTypes.JSON);
        assertThat(OutboxMessage.wireBody(event.contentType(), event.payload())).isEqualTo(event.payload());
        assertThat(OutboxMessage.wireBody("application/problem+json", "{}")).isEqualTo("{}");
    }

    @Test
    void shouldRefuseATextFormatAsABinaryPayload() {
        assertThatThrownBy(() -> event.withBinaryPayload(ContentTypes.JSON, new byte[] { 1 }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTreatAMissingContentTypeAsJsonAndIgnoreParameters() {
        assertThat(ContentTypes.mediaType(null)).isEqualTo(ContentTypes.JSON);
        assertThat(ContentTypes.mediaType(" ")).isEqualTo(ContentTypes.JSON);
        assertThat(ContentTypes.mediaType("Application/X-Protobuf; proto=integrationhub.v1.RestaurantCreated"))
                .isEqualTo(ContentTypes.PROTOBUF);
    }
}
