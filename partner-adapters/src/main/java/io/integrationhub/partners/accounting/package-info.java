/**
 * Accounting adapter: AuthorizeCard on accounting.commands, answered by calling the legacy accounting API behind the
 * Circuit Breaker EIP. A decline (or any other 4xx refusal) is answered CardAuthorizationFailed at once; while the
 * legacy system is unavailable the command is deferred (scheduled redelivery) until its deadline, then answered
 * CardAuthorizationFailed. Its messages: {@link io.integrationhub.partners.accounting.AccountingMessages}.
 */
package io.integrationhub.partners.accounting;
