package io.integrationhub.partners.consumer;

import java.math.BigDecimal;

/**
 * The consumer adapter's messages (payload version 1.0), as the AsyncAPI document declares them: the wire name of
 * each as a constant — never derived from a class name, so renaming a record cannot change the contract — and its
 * payload as a record.
 */
public final class ConsumerMessages {

    /** Command on consumer.commands. */
    public static final String VALIDATE_CONSUMER_INFO = "ValidateConsumerInfo";
    public static final String CONSUMER_VALIDATED = "ConsumerValidated";
    public static final String CONSUMER_VALIDATION_FAILED = "ConsumerValidationFailed";

    /** Query on consumer.queries, answered synchronously to the caller's JMSReplyTo. */
    public static final String GET_CONSUMER = "GetConsumer";
    public static final String CONSUMER_DETAILS = "ConsumerDetails";
    public static final String CONSUMER_NOT_FOUND = "ConsumerNotFound";

    private ConsumerMessages() {
    }

    public record ValidateConsumerInfo(String orderId, String consumerId, BigDecimal orderTotal) {
    }

    public record ConsumerValidated(String orderId, String consumerId) {
    }

    public record ConsumerValidationFailed(String orderId, String consumerId, String reason) {
    }

    public record ConsumerDetails(String consumerId, String name, BigDecimal creditLimit, boolean active) {
    }

    public record ConsumerNotFound(String consumerId) {
    }
}
