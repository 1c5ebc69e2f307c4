/**
 * REST plumbing shared by every service's API: RFC 9457 problem responses declared once as the {@code hub-rest}
 * route configuration, and a request-body size limit.
 */
package io.integrationhub.routes.rest;
