/** The messaging contract every service shares: channel names ({@code hub.channels.*}) and envelope helpers. */
package io.integrationhub.routes.messaging;
