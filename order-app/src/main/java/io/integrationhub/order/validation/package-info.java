/**
 * Reply-first validation (DESIGN.md §4.1 steps 3–4): replies on order.replies, matched by correlation id, move the
 * order to VALIDATED or REJECTED whichever arrives first. Depends on {@code orders}.
 */
package io.integrationhub.order.validation;
