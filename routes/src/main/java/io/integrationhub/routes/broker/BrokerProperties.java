package io.integrationhub.routes.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Broker user of this service. */
    private String user = "hub";

    /** Password of {@link #user}; empty means "generate one" in embedded mode and is refused otherwise. */
    private String password = "";

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
        /** Roles (security settings of broker.xml) the service user above holds in embedded mode: both services share it. */
        private List<String> serviceRoles = new ArrayList<>(List.of("order-service", "partner-service"));
        /** Extra broker users (e.g. an operator for the artemis CLI); the service user above is always added. */
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
        public List<String> getServiceRoles() { return serviceRoles; }
        public void setServiceRoles(List<String> serviceRoles) { this.serviceRoles = serviceRoles; }
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

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public int getMaxConnections() { return maxConnections; }
    public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
    public Embedded getEmbedded() { return embedded; }
}
