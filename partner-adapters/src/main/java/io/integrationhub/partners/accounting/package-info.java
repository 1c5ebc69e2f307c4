/**
 * Accounting adapter: AuthorizeCard on accounting.commands, answered by calling the legacy accounting API behind the
 * Circuit Breaker EIP; while the legacy system is unavailable the command is deferred (scheduled redelivery) until
 * its deadline, then answered CardAuthorizationFailed.
 */
package io.integrationhub.partners.accounting;
