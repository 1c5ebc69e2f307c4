package io.integrationhub.routes.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.security.*}: who may open the operational endpoints and call the protected operations. */
@ConfigurationProperties("hub.security")
public class HubSecurityProperties {

    /**
     * Operations of an application's API that need a login: the methods on the paths, by the users of the roles.
     * Each application declares its own (a map, so the files of two applications in one JVM add up).
     *
     * @param methods HTTP methods, e.g. POST, PUT
     * @param paths   path patterns; end them with {@code /**} so a trailing slash or a sub-path is covered too
     * @param roles   roles that may call them ({@code admin} = operator, {@code partner})
     */
    public record ProtectedEndpoint(List<String> methods, List<String> paths, List<String> roles) {
    }

    /** Dev/embedded profile only: Hawtio, Jolokia, actuator, admin APIs and protected endpoints without login. */
    private boolean managementOpen = false;

    /** Production: refuse to start instead of generating a missing secret. */
    private boolean requireSecrets = false;

    /** Operator login for Hawtio, actuator and the admin APIs. */
    private String adminUser = "admin";

    /** From HUB_ADMIN_PASSWORD; generated and logged once when empty, unless {@link #requireSecrets}. */
    private String adminPassword = "";

    /** A partner system's login (role {@code partner}): the partner write API, nothing operational. */
    private String partnerUser = "partner";

    /** From HUB_PARTNER_PASSWORD; when empty there is no partner user (operators can still call the API). */
    private String partnerPassword = "";

    private Map<String, ProtectedEndpoint> protectedEndpoints = new LinkedHashMap<>();

    public boolean isManagementOpen() { return managementOpen; }
    public void setManagementOpen(boolean managementOpen) { this.managementOpen = managementOpen; }
    public boolean isRequireSecrets() { return requireSecrets; }
    public void setRequireSecrets(boolean requireSecrets) { this.requireSecrets = requireSecrets; }
    public String getAdminUser() { return adminUser; }
    public void setAdminUser(String adminUser) { this.adminUser = adminUser; }
    public String getAdminPassword() { return adminPassword; }
    public void setAdminPassword(String adminPassword) { this.adminPassword = adminPassword; }
    public String getPartnerUser() { return partnerUser; }
    public void setPartnerUser(String partnerUser) { this.partnerUser = partnerUser; }
    public String getPartnerPassword() { return partnerPassword; }
    public void setPartnerPassword(String partnerPassword) { this.partnerPassword = partnerPassword; }
    public Map<String, ProtectedEndpoint> getProtectedEndpoints() { return protectedEndpoints; }
    public void setProtectedEndpoints(Map<String, ProtectedEndpoint> protectedEndpoints) {
        this.protectedEndpoints = protectedEndpoints;
    }
}
