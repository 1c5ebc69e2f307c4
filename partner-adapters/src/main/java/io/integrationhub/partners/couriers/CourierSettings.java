package io.integrationhub.partners.couriers;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.partner-adapters.couriers.*}: what each simulated courier quotes. The couriers themselves (swift,
 * thrifty) are fixed: each has its own schema, outbox and subscription (CourierConfiguration).
 */
@ConfigurationProperties("hub.partner-adapters.couriers")
public class CourierSettings {

    /** courierId → its tariff. */
    private Map<String, Tariff> tariffs = new LinkedHashMap<>();

    public Map<String, Tariff> getTariffs() { return tariffs; }
    public void setTariffs(Map<String, Tariff> tariffs) { this.tariffs = tariffs; }

    public Tariff tariff(String courierId) {
        return tariffs.getOrDefault(courierId, new Tariff());
    }

    /** A flat price plus a share of the order total; a fixed ETA; how long a quote stays valid. */
    public static class Tariff {
        private BigDecimal basePrice = new BigDecimal("5.00");
        private BigDecimal shareOfTotal = BigDecimal.ZERO;
        private int etaMinutes = 30;
        private Duration validFor = Duration.ofMinutes(15);

        public BigDecimal getBasePrice() { return basePrice; }
        public void setBasePrice(BigDecimal basePrice) { this.basePrice = basePrice; }
        public BigDecimal getShareOfTotal() { return shareOfTotal; }
        public void setShareOfTotal(BigDecimal shareOfTotal) { this.shareOfTotal = shareOfTotal; }
        public int getEtaMinutes() { return etaMinutes; }
        public void setEtaMinutes(int etaMinutes) { this.etaMinutes = etaMinutes; }
        public Duration getValidFor() { return validFor; }
        public void setValidFor(Duration validFor) { this.validFor = validFor; }
    }
}
