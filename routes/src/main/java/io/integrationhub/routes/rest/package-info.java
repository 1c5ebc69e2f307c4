/**
 * REST plumbing shared by every service's API: one RFC 9457 problem writer used by every layer that can refuse a
 * request (the {@code hub-rest} route configuration, the servlet filters, Boot's {@code /error} page, Tomcat's error
 * report), the strict request-body reader with the limits declared on the request records, and the request-body
 * size, UTF-8 and query-text filters.
 */
package io.integrationhub.routes.rest;
