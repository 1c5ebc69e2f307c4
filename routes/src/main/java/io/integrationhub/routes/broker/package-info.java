/**
 * The broker identities of a service process — one JMS connection factory and Camel JMS component per service of
 * {@code hub.broker.services}, each logging in as that service's own user — and, in embedded mode, the in-process
 * Artemis server configured from {@code artemis/broker.xml} with those users. Applications depend on this; it depends
 * on nothing of theirs.
 */
package io.integrationhub.routes.broker;
