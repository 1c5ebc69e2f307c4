/** Consumer service adapter: consumer data, ValidateConsumerInfo (async, replies through its outbox), GetConsumer (sync). */
package io.integrationhub.partners.consumer;
