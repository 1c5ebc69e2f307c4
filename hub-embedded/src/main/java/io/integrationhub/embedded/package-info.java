/** Thin launcher: both services and an embedded broker in one JVM. No logic lives here. */
package io.integrationhub.embedded;
