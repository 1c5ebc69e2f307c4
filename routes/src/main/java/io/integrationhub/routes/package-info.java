/**
 * Reusable integration building blocks shared by every service: route templates, route configurations, broker and
 * database plumbing. Holds no domain code and depends on no application module.
 */
package io.integrationhub.routes;
