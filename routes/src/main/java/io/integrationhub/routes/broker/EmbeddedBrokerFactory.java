package io.integrationhub.routes.broker;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.deployers.impl.FileConfigurationParser;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.activemq.artemis.utils.XMLUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.w3c.dom.Element;

import io.integrationhub.routes.secrets.Secrets;

/**
 * Builds a real Artemis server for the embedded mode: persistent journal on disk, the address and security settings
 * of {@code artemis/broker.xml} (the same file the standalone broker runs with, broker plugins included), an in-VM acceptor for this JVM and a
 * TCP acceptor (CORE, AMQP, STOMP) for outside clients. Security is on and every user needs a password.
 */
class EmbeddedBrokerFactory {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerFactory.class);

    private final BrokerProperties.Embedded settings;
    private final BrokerUsers brokerUsers;
    private final ResourceLoader resourceLoader;
    private final boolean mayGeneratePasswords;

    EmbeddedBrokerFactory(BrokerProperties.Embedded settings, BrokerUsers brokerUsers,
            ResourceLoader resourceLoader, boolean mayGeneratePasswords) {
        this.settings = settings;
        this.brokerUsers = brokerUsers;
        this.resourceLoader = resourceLoader;
        this.mayGeneratePasswords = mayGeneratePasswords;
    }

    EmbeddedActiveMQ create() throws Exception {
        Configuration shared = parseSharedSettings();
        Path data = settings.getDataDirectory().toAbsolutePath();

        ConfigurationImpl config = new ConfigurationImpl();
        config.setName(settings.getName());
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setJournalFileSize((int) settings.getJournalFileSize().toBytes());
        // broker.xml's journal-buffer-timeout (why its value: there), so both modes wait alike for a disk sync
        config.setJournalBufferTimeout_NIO(shared.getJournalBufferTimeout_NIO());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(data.toString());
        config.setSecurityEnabled(true);
        config.setJMXManagementEnabled(true);
        config.setAddressSettings(shared.getAddressSettings());
        config.setAddressConfigurations(shared.getAddressConfigurations());
        config.setSecurityRoles(shared.getSecurityRoles());
        config.registerBrokerPlugins(shared.getBrokerPlugins()); // e.g. the undecodable-message dead-letterer
        config.addAcceptorConfiguration("in-vm", "vm://" + settings.getInVmId());
        config.addAcceptorConfiguration("tcp", "tcp://" + settings.getHost() + ":" + settings.getPort()
                + "?protocols=CORE,AMQP,STOMP");

        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users()));
        log.info("Embedded Artemis: journal in {}, TCP acceptor on {}:{} (CORE, AMQP, STOMP), settings from {}", data,
                settings.getHost(), settings.getPort(), settings.getConfigLocation());
        return server;
    }

    private SecurityConfiguration users() {
        SecurityConfiguration users = new SecurityConfiguration();
        // each service as its own user with its own role (the same users the standalone broker and compose create)
        brokerUsers.services().values().forEach(service -> add(users, service.credentials()));
        // the privileged client of tests and benchmarks, only when its password is configured
        brokerUsers.client().ifPresent(client -> {
            log.warn("Broker user '{}' (roles {}) is created because hub.broker.privileged-client-password is set: "
                    + "a privileged client for tests and benchmarks; outside clients use the user HUB_BROKER_CLIENT_USER "
                    + "(role hub-client)", client.user(), client.roles());
            add(users, client);
        });
        for (BrokerProperties.User user : settings.getUsers()) {
            String password = user.getPassword();
            if ((password == null || password.isBlank()) && user.getPasswordVariable() != null && mayGeneratePasswords) {
                password = Secrets.require(password, user.getPasswordVariable(),
                        "Broker password of user '" + user.getName() + "' (roles " + user.getRoles() + ")", true);
            }
            if (password == null || password.isBlank()) {
                log.info("Broker user '{}' is not created: no password configured (optional)", user.getName());
                continue;
            }
            users.addUser(user.getName(), password);
            user.getRoles().forEach(role -> users.addRole(user.getName(), role));
        }
        return users;
    }

    private static void add(SecurityConfiguration users, BrokerUsers.Credentials credentials) {
        users.addUser(credentials.user(), credentials.password());
        credentials.roles().forEach(role -> users.addRole(credentials.user(), role));
        log.info("Broker user '{}' (roles {})", credentials.user(), credentials.roles());
    }

    /** Reads address settings, addresses and security settings from broker.xml (system properties resolved). */
    private Configuration parseSharedSettings() throws Exception {
        Resource resource = resourceLoader.getResource(settings.getConfigLocation());
        String xml;
        try (InputStream in = resource.getInputStream()) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Element root = XMLUtil.stringToElement(XMLUtil.replaceSystemPropsInString(xml));
        Element core = (Element) root.getElementsByTagName("core").item(0);
        if (core == null) {
            throw new IllegalStateException(settings.getConfigLocation() + " has no <core> element");
        }
        ConfigurationImpl parsed = new ConfigurationImpl();
        new FileConfigurationParser().parseMainConfig(core, parsed);
        return parsed;
    }
}
