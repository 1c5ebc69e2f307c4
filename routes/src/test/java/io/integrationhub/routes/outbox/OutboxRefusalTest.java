package io.integrationhub.routes.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.activemq.artemis.api.core.ActiveMQAddressDoesNotExistException;
import org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.junit.jupiter.api.Test;
import org.springframework.jms.UncategorizedJmsException;

import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;

/**
 * Which broker failures hold a row (OutboxRelay#refusedForGood): only those of the row itself. A failed login is a
 * security exception too, but holding rows for it would hold every row, one by one, until the password is fixed.
 */
class OutboxRefusalTest {

    @Test
    void shouldHoldARowTheServiceMayNotSendOrWhoseAddressDoesNotExist() {
        assertThat(OutboxRelay.refusedForGood(wrapped(new JMSSecurityException(
                "AMQ229032: User: order-app does not have permission='SEND' on address DLQ.kitchen.commands")))).isTrue();
        assertThat(OutboxRelay.refusedForGood(new RuntimeException(new ActiveMQSecurityException(
                "AMQ229032: User: order-app does not have permission='SEND' on address x")))).isTrue();
        assertThat(OutboxRelay.refusedForGood(wrapped(new jakarta.jms.InvalidDestinationException("no such queue"))))
                .isTrue();
        assertThat(OutboxRelay.refusedForGood(new RuntimeException(new ActiveMQAddressDoesNotExistException())))
                .isTrue();
    }

    @Test
    void shouldRetryAFailedLoginABrokerDownAndAnythingElseWithoutHoldingARow() {
        assertThat(OutboxRelay.refusedForGood(wrapped(new JMSSecurityException(
                "AMQ229031: Unable to validate user from /127.0.0.1:40000. Username: order-app")))).isFalse();
        assertThat(OutboxRelay.refusedForGood(new RuntimeException(new ActiveMQNotConnectedException()))).isFalse();
        assertThat(OutboxRelay.refusedForGood(wrapped(new JMSException("timed out")))).isFalse();
        assertThat(OutboxRelay.refusedForGood(new IllegalStateException("anything"))).isFalse();
    }

    private static RuntimeException wrapped(JMSException cause) {
        return new org.apache.camel.CamelExecutionException("send failed", null, new UncategorizedJmsException(cause));
    }
}
