package io.integrationhub.partners.legacy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.legacy.*}: where the simulated legacy systems listen (one port per instance) and the accounting
 * system's card limit ({@code hub.legacy.accounting-card-limit}).
 */
@ConfigurationProperties("hub.legacy")
public class LegacyProperties {

    private boolean enabled = true;
    /** Interface the simulators bind to. */
    private String host = "127.0.0.1";
    /** Instances of the legacy accounting API (instance n listens on the n-th port). */
    private List<Integer> accountingPorts = new ArrayList<>(List.of(9090, 9091));
    /** The legacy accounting API declines (402) an authorization whose amount is over this card limit. */
    private BigDecimal accountingCardLimit = new BigDecimal("1000.00");
    /** Instances of the legacy consumer-profile API. */
    private List<Integer> consumerProfilesPorts = new ArrayList<>(List.of(9190));

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public List<Integer> getAccountingPorts() { return accountingPorts; }
    public void setAccountingPorts(List<Integer> accountingPorts) { this.accountingPorts = accountingPorts; }
    public BigDecimal getAccountingCardLimit() { return accountingCardLimit; }
    public void setAccountingCardLimit(BigDecimal accountingCardLimit) { this.accountingCardLimit = accountingCardLimit; }
    public List<Integer> getConsumerProfilesPorts() { return consumerProfilesPorts; }
    public void setConsumerProfilesPorts(List<Integer> consumerProfilesPorts) { this.consumerProfilesPorts = consumerProfilesPorts; }
}
