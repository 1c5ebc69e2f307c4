package io.integrationhub.routes.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Connection to the Artemis broker ({@code hub.broker.*}) and, when {@code hub.broker.embedded.enabled}, the settings
 * of the in-process server. Every value can be overridden by an environment variable (see config/application.yml).
 */
@ConfigurationProperties("hub.broker")
public class BrokerProperties {

    /** Broker URL the services connect with; vm://0 for the in-process server, tcp://host:port otherwise. */
    private String url = "vm://0";

    /**
     * A privileged client user (tests, benchmarks, tools in this JVM), never what a service connects as. Created in the
     * embedded broker, and used by the unqualified connection factory, only when {@link #privilegedClientPassword} is
     * set. Deliberately not bound to an environment variable of its own in config/application.yml: the old
     * HUB_BROKER_PASSWORD must not silently re-create a user with every service's role.
     */
    private String privilegedClientUser = "hub";

    /** Password of that user; empty: there is no such user (the services have their own, see {@link #services}). */
    private String privilegedClientPassword = "";

    /** Roles (security settings of broker.xml) that user holds in the embedded broker. */
    private List<String> privilegedClientRoles = new ArrayList<>(List.of("order-service", "partner-service"));

    /**
     * The services running in this JVM, by name (each application's yml declares its own: one in the distributed and
     * compose modes, both in embedded mode). Each connects as its own broker user through its own Camel JMS component.
     */
    private Map<String, Service> services = new LinkedHashMap<>();

    /** Upper bound of pooled producer connections. */
    private int maxConnections = 4;

    private final Embedded embedded = new Embedded();

    public static class Embedded {
        /** Start a real Artemis server inside this JVM. */
        private boolean enabled = false;
        /** Broker name (JMX, logs). */
        private String name = "hub-embedded";
        /** In-VM acceptor id: the services in this JVM connect with vm://&lt;id&gt;. */
        private int inVmId = 0;
        /** Interface of the TCP acceptor for outside clients (CORE, AMQP, STOMP). */
        private String host = "127.0.0.1";
        /** Port of the TCP acceptor; 61616 is Artemis' default. */
        private int port = 61616;
        /** Journal, bindings, paging and large-message directories live under this folder. */
        private Path dataDirectory = Path.of("data", "artemis");
        /** Size of each journal file (Artemis preallocates at least two): smaller for short-lived test brokers. */
        private DataSize journalFileSize = DataSize.ofMegabytes(10);
        /** Broker settings shared with the standalone broker (address settings, security settings). */
        private String configLocation = "classpath:artemis/broker.xml";
        /** Extra broker users (e.g. an operator for the artemis CLI); the service users are always added. */
        private List<User> users = new ArrayList<>();

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public int getInVmId() { return inVmId; }
        public void setInVmId(int inVmId) { this.inVmId = inVmId; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public Path getDataDirectory() { return dataDirectory; }
        public void setDataDirectory(Path dataDirectory) { this.dataDirectory = dataDirectory; }
        public DataSize getJournalFileSize() { return journalFileSize; }
        public void setJournalFileSize(DataSize journalFileSize) { this.journalFileSize = journalFileSize; }
        public String getConfigLocation() { return configLocation; }
        public void setConfigLocation(String configLocation) { this.configLocation = configLocation; }
        public List<User> getUsers() { return users; }
        public void setUsers(List<User> users) { this.users = users; }
    }

    /** A broker user and the roles of artemis/broker.xml's security settings it holds. */
    public static class User {
        private String name;
        private String password;
        private List<String> roles = new ArrayList<>();
        /**
         * The environment variable the password comes from. When set and the password is empty, embedded mode
         * generates one and logs it (like the other secrets); without it such a user is not created.
         */
        private String passwordVariable;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> roles) { this.roles = roles; }
        public String getPasswordVariable() { return passwordVariable; }
        public void setPasswordVariable(String passwordVariable) { this.passwordVariable = passwordVariable; }
    }

    /** A service's broker identity and the Camel JMS component its routes use. */
    public static class Service {
        /** Broker user; the standalone broker's users/roles files and docker-compose create the same one. */
        private String user;
        /** Its password; empty: generated and logged in embedded mode, refused otherwise. */
        private String password;
        /** The environment variable the password comes from (named when it is missing). */
        private String passwordVariable;
        /** Roles the embedded broker gives the user (a standalone broker has its own roles file). */
        private List<String> roles = new ArrayList<>();
        /** Name of the Camel JMS component (bean) that connects as this user, e.g. order-jms. */
        private String component;

        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getPasswordVariable() { return passwordVariable; }
        public void setPasswordVariable(String passwordVariable) { this.passwordVariable = passwordVariable; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> roles) { this.roles = roles; }
        public String getComponent() { return component; }
        public void setComponent(String component) { this.component = component; }
    }

    public List<String> getPrivilegedClientRoles() { return privilegedClientRoles; }
    public void setPrivilegedClientRoles(List<String> roles) { this.privilegedClientRoles = roles; }
    public Map<String, Service> getServices() { return services; }
    public void setServices(Map<String, Service> services) { this.services = services; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getPrivilegedClientUser() { return privilegedClientUser; }
    public void setPrivilegedClientUser(String user) { this.privilegedClientUser = user; }
    public String getPrivilegedClientPassword() { return privilegedClientPassword; }
    public void setPrivilegedClientPassword(String password) { this.privilegedClientPassword = password; }
    public int getMaxConnections() { return maxConnections; }
    public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
    public Embedded getEmbedded() { return embedded; }
}
