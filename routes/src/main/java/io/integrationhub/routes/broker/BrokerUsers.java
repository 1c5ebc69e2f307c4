package io.integrationhub.routes.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.integrationhub.routes.secrets.Secrets;

/**
 * The broker identities of this JVM with their passwords resolved once: one user per service
 * ({@code hub.broker.services}), and the optional privileged client {@code hub.broker.privileged-client-user} (tests, benchmarks).
 * A generated password must be the same for the embedded broker that creates the user and the service that logs in,
 * hence one instance.
 */
public class BrokerUsers {

    /** A user the broker knows. */
    public record Credentials(String user, String password, List<String> roles) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + ", roles=" + roles + "]";
        }
    }

    /** A service's user and the Camel JMS component that connects as it. */
    public record ServiceUser(String service, String component, Credentials credentials) {
    }

    private final Map<String, ServiceUser> services = new LinkedHashMap<>();
    private final Optional<Credentials> client;

    /** @param mayGenerate a missing service password is generated (only when this JVM is also the broker) */
    BrokerUsers(BrokerProperties properties, boolean mayGenerate) {
        properties.getServices().forEach((name, service) -> {
            String password = Secrets.require(service.getPassword(), service.getPasswordVariable(),
                    "Broker password of service '" + name + "' (user '" + service.getUser() + "')", mayGenerate);
            services.put(name, new ServiceUser(name, service.getComponent(),
                    new Credentials(service.getUser(), password, List.copyOf(service.getRoles()))));
        });
        String clientPassword = properties.getPrivilegedClientPassword();
        client = clientPassword == null || clientPassword.isBlank() ? Optional.empty()
                : Optional.of(new Credentials(properties.getPrivilegedClientUser(), clientPassword, List.copyOf(properties.getPrivilegedClientRoles())));
    }

    public ServiceUser service(String name) {
        ServiceUser user = services.get(name);
        if (user == null) {
            throw new IllegalArgumentException("no broker service '" + name + "' in hub.broker.services");
        }
        return user;
    }

    public Map<String, ServiceUser> services() {
        return services;
    }

    /** The privileged client user, present only when {@code hub.broker.privileged-client-password} is set. */
    public Optional<Credentials> client() {
        return client;
    }

    /**
     * Who the unqualified connection factory (Boot's JMS health, Camel's default {@code jms} component) logs in as:
     * the privileged client when there is one, else the first service — so it never holds more than a service.
     */
    Credentials defaultCredentials() {
        return client.or(() -> services.values().stream().findFirst().map(ServiceUser::credentials))
                .orElseThrow(() -> new IllegalStateException(
                        "No broker user: configure hub.broker.services (each application's yml does) or hub.broker.privileged-client-password"));
    }
}
