/**
 * Broker-side guards that run inside Artemis (embedded and standalone alike): messages no JMS client could decode are
 * dead-lettered before any consumer sees them. Depends on Artemis only, so the jar can sit in a broker's lib/.
 */
package io.integrationhub.brokerplugin;
