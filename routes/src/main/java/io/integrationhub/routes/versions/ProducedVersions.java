package io.integrationhub.routes.versions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.messages.*}: per channel (its {@code hub.channels.*} key, e.g. {@code order-events}) and messageType,
 * the version this service's producers write ({@code versions}) and the majors every known consumer of it reads
 * ({@code consumers-read}). A producer stays on the old major until every consumer reads the new one; the deploy gate
 * refuses a start that would write (or holds in its outbox) a major some consumer cannot read.
 *
 * <pre>
 * hub.messages.versions.order-events.OrderCreated=2.0
 * hub.messages.consumers-read.order-events.OrderCreated=1,2
 * </pre>
 */
@ConfigurationProperties("hub.messages")
public class ProducedVersions {

    private Map<String, Map<String, String>> versions = new LinkedHashMap<>();
    private Map<String, Map<String, List<Integer>>> consumersRead = new LinkedHashMap<>();

    public Map<String, Map<String, String>> getVersions() { return versions; }
    public void setVersions(Map<String, Map<String, String>> versions) { this.versions = versions; }
    public Map<String, Map<String, List<Integer>>> getConsumersRead() { return consumersRead; }
    public void setConsumersRead(Map<String, Map<String, List<Integer>>> consumersRead) { this.consumersRead = consumersRead; }

    /** The version to write of {@code messageType} on the channel {@code channelKey}; 1.0 unless configured. */
    public MessageVersion version(String channelKey, String messageType) {
        return find(versions, channelKey, messageType).map(MessageVersion::parse).orElse(MessageVersion.UNVERSIONED);
    }

    /** The majors the known consumers of the channel read of {@code messageType}, or empty when none is declared. */
    public Optional<SortedSet<Integer>> consumersRead(String channelKey, String messageType) {
        return find(consumersRead, channelKey, messageType).map(TreeSet::new);
    }

    /**
     * Keys as written in YAML keep their case ({@code OrderCreated}); from environment variables they arrive in lower
     * case ({@code HUB_MESSAGES_VERSIONS_ORDEREVENTS_ORDERCREATED}): both find the entry.
     */
    private static <T> Optional<T> find(Map<String, Map<String, T>> table, String channelKey, String messageType) {
        return entry(table, channelKey).flatMap(types -> entry(types, messageType));
    }

    private static <T> Optional<T> entry(Map<String, T> map, String key) {
        if (map.containsKey(key)) {
            return Optional.of(map.get(key));
        }
        String plain = key.replace("-", "");
        return map.entrySet().stream().filter(e -> e.getKey().replace("-", "").equalsIgnoreCase(plain))
                .map(Map.Entry::getValue).findFirst();
    }
}
