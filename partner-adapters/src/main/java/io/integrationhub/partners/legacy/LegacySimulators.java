package io.integrationhub.partners.legacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.routes.rest.ProblemException;

/** Starts and stops the simulated legacy instances with the application and switches their fault modes. */
@Component
@EnableConfigurationProperties(LegacyProperties.class)
public class LegacySimulators implements SmartLifecycle, DisposableBean {

    public static final String ACCOUNTING = "accounting";
    public static final String CONSUMER_PROFILES = "consumer-profiles";

    private final Map<String, List<LegacyInstance>> systems = new LinkedHashMap<>();
    private final boolean enabled;
    private volatile boolean running;

    public LegacySimulators(LegacyProperties properties, JdbcTemplate jdbc, PartnerJson json) {
        // the JDK server otherwise leaves Nagle's algorithm on: ~40 ms per answer with delayed ACKs (measured 52 ms p50)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.enabled = properties.isEnabled();
        systems.put(ACCOUNTING, instances(ACCOUNTING, properties.getHost(), properties.getAccountingPorts(),
                LegacyAccountingApi.PATH, new LegacyAccountingApi(jdbc, json, properties.getAccountingCardLimit())));
        systems.put(CONSUMER_PROFILES, instances(CONSUMER_PROFILES, properties.getHost(),
                properties.getConsumerProfilesPorts(), LegacyConsumerProfilesApi.PATH,
                new LegacyConsumerProfilesApi(jdbc, json)));
    }

    private static List<LegacyInstance> instances(String system, String host, List<Integer> ports, String path,
            LegacyInstance.Api api) {
        List<LegacyInstance> instances = new ArrayList<>();
        for (int n = 0; n < ports.size(); n++) {
            instances.add(new LegacyInstance(system, n, host, ports.get(n), path, api));
        }
        return instances;
    }

    public FaultMode mode(String system, int instance) {
        return instance(system, instance).mode();
    }

    public FaultMode mode(String system, int instance, FaultMode mode) {
        LegacyInstance target = instance(system, instance);
        if (mode.declining() && !system.equals(ACCOUNTING)) {
            throw ProblemException.badRequest("Mode 'declining' declines card authorizations: it applies to the "
                    + "legacy accounting system only.");
        }
        return target.mode(mode.checked());
    }

    public int port(String system, int instance) {
        return instance(system, instance).port();
    }

    private LegacyInstance instance(String system, int instance) {
        List<LegacyInstance> instances = systems.get(system);
        if (instances == null) {
            throw ProblemException.notFound("No legacy system '" + system + "' (accounting, consumer-profiles).");
        }
        if (instance < 0 || instance >= instances.size()) {
            throw ProblemException.notFound("Legacy " + system + " has instances 0.." + (instances.size() - 1) + ".");
        }
        return instances.get(instance);
    }

    @Override
    public void start() {
        if (enabled) {
            systems.values().forEach(list -> list.forEach(LegacyInstance::start));
        }
        running = true;
    }

    @Override
    public void stop() {
        systems.values().forEach(list -> list.forEach(LegacyInstance::stop));
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Also on a failed start: Spring then destroys the beans without stopping the lifecycles it started, and the JDK
     * servers' dispatcher threads (not daemons) kept a service that had logged "Application run failed" alive, with
     * its ports taken.
     */
    @Override
    public void destroy() {
        stop();
    }
}
