/**
 * HTTP security shared by every service: public APIs and health are open; the operations an application declares
 * as protected (partner writes, fault injection) need a partner or operator login; everything operational (Hawtio,
 * Jolokia, actuator beyond health, admin APIs) needs the operator login — unless the dev profile opens it, on
 * loopback only. Refusals are problem+json documents.
 */
package io.integrationhub.routes.security;
