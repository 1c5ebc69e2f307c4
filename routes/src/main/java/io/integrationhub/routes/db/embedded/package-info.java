/**
 * Embedded mode's PostgreSQL: when no database is configured and none answers on the default address, a real
 * PostgreSQL (binaries from Maven Central) runs under ./data/postgres, like the embedded broker's journal.
 */
package io.integrationhub.routes.db.embedded;
