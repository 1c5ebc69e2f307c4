package io.integrationhub.routes.messaging;

import org.apache.camel.Exchange;

/**
 * Told by {@code hub-jms} when a consumed message failed: dead-lettered (the dead letter is in {@code DLQ.<channel>})
 * or about to be rolled back for the broker to redeliver it. Runs inside the failed delivery's database transaction,
 * which will roll back: whatever it must keep, it writes in a transaction of its own.
 */
@FunctionalInterface
public interface FailureListener {

    void failed(Exchange exchange, boolean deadLettered);
}
