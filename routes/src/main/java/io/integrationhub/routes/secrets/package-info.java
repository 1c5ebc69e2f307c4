/**
 * Secrets come from the environment: generated for a developer's one-JVM run, required everywhere else — and checked
 * all at once, before any broker starts or schema migrates, so a misconfigured production start fails in one paragraph.
 */
package io.integrationhub.routes.secrets;
