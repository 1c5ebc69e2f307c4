/**
 * The JMS connection every service uses and, in embedded mode, the in-process Artemis server configured from
 * {@code artemis/broker.xml}. Applications depend on this; it depends on nothing of theirs.
 */
package io.integrationhub.routes.broker;
