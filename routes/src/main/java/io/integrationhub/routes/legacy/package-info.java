/** Calls to legacy REST systems: the operator view and metrics of every Circuit Breaker EIP in the process. */
package io.integrationhub.routes.legacy;
