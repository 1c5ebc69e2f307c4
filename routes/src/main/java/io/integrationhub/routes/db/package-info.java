/**
 * Database plumbing shared by every service: one PostgreSQL schema per service migrated by its own Flyway instance,
 * and a clear refusal to start when the database cannot be reached.
 */
package io.integrationhub.routes.db;
