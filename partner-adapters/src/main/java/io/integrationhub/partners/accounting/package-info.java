/**
 * Accounting adapter: AuthorizeCard, ReverseAuthorization and ReviseAuthorization on accounting.commands, answered by
 * calling the legacy accounting API behind the Circuit Breaker EIP. A decline (or any other 4xx refusal) is answered
 * at once; while the legacy system is unavailable a command is deferred (scheduled redelivery) until its deadline,
 * then answered as failed. Reverse and revise are commutative updates with deterministic refusals, so re-sent and
 * reordered commands end in one state. Its messages: {@link io.integrationhub.partners.accounting.AccountingMessages}.
 */
package io.integrationhub.partners.accounting;
