/**
 * Message versions (semantic versioning of payloads in the envelope's {@code messageVersion}): the majors a consumer
 * reads and the upcasters that bring older majors to the one its handler reads ({@link UpcasterChain},
 * {@link MessageVersions}), the version a producer writes per channel ({@link ProducedVersions}), and the deploy gate
 * that refuses a start which would strand messages ({@link QueueVersionGate} on the queues a service consumes,
 * {@link OutboxVersionGate} on what it produces, {@link DeployGateFailureAnalyzer}). Knows no domain; services declare
 * their chains as beans; nothing outside routes/ depends on more than the chains, the versions and the exception.
 */
package io.integrationhub.routes.versions;
