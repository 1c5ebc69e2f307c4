package io.integrationhub.routes.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.security.*}: who may open the operational endpoints. */
@ConfigurationProperties("hub.security")
public class HubSecurityProperties {

    /** Dev/embedded profile only: Hawtio, Jolokia, actuator and admin APIs without login. */
    private boolean managementOpen = false;

    /** Production: refuse to start instead of generating a missing secret. */
    private boolean requireSecrets = false;

    /** Operator login for Hawtio, actuator and the admin APIs. */
    private String adminUser = "admin";

    /** From HUB_ADMIN_PASSWORD; generated and logged once when empty, unless {@link #requireSecrets}. */
    private String adminPassword = "";

    public boolean isManagementOpen() { return managementOpen; }
    public void setManagementOpen(boolean managementOpen) { this.managementOpen = managementOpen; }
    public boolean isRequireSecrets() { return requireSecrets; }
    public void setRequireSecrets(boolean requireSecrets) { this.requireSecrets = requireSecrets; }
    public String getAdminUser() { return adminUser; }
    public void setAdminUser(String adminUser) { this.adminUser = adminUser; }
    public String getAdminPassword() { return adminPassword; }
    public void setAdminPassword(String adminPassword) { this.adminPassword = adminPassword; }
}
