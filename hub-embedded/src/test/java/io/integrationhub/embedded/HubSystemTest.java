package io.integrationhub.embedded;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole embedded system (both services, a real embedded Artemis, PostgreSQL) with security on. Every system test
 * uses this one annotation so they share one application context: two contexts would share the database (and so the
 * outbox relay lock) but not the broker. {@link BrokerTraffic} records what the routes send, for
 * {@link AsyncApiConformanceTest}; {@link FinishedSpans} keeps the spans the system ended, for {@link TracesTest}, with
 * tracing (W3C propagation) on as in production; {@link TestReplyQueue} declares the reply queue of tests that play the order service.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = EmbeddedHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // the broker users outside clients log in with (config/application.yml); each service has its own
            // (hub.broker.services, passwords generated for the run), the test code uses hub.broker.privileged-client-user
            "HUB_BROKER_ADMIN_PASSWORD=" + ForeignClients.ADMIN_PASSWORD,
            "HUB_BROKER_CLIENT_PASSWORD=" + ForeignClients.CLIENT_PASSWORD })
@ActiveProfiles("test")
@AutoConfigureObservability
@Import({ BrokerTraffic.class, TestReplyQueue.class, FinishedSpans.class })
public @interface HubSystemTest {

    /** HTTP Basic of the test profile's operator: the partner write API and fault injection need a login. */
    String OPERATOR_BASIC = "Basic YWRtaW46dGVzdC1hZG1pbi1wYXNzd29yZA=="; // admin:test-admin-password
}
