/**
 * HTTP security shared by every service: public APIs and health are open, everything operational (Hawtio, Jolokia,
 * actuator beyond health, admin APIs) needs a login unless the dev profile opens it.
 */
package io.integrationhub.routes.security;
