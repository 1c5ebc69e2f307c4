/** Test-only: every test context gets a private database and a private embedded broker. */
package io.integrationhub.testsupport;
