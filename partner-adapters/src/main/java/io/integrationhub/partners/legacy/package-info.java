/**
 * Simulated legacy systems (DESIGN.md §4.6, §6): a legacy accounting API and a legacy consumer-profile API served over
 * real HTTP on their own ports, several instances each, with fault injection (normal, slow, failing, down; declining for accounting) controlled
 * through the partner API — so the circuit breakers are tested without outside services.
 */
package io.integrationhub.partners.legacy;
