package io.integrationhub.routes.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.integrationhub.routes.messaging.PoisonMessageException;

/** The upcaster chain and the version check alone: which majors are read, in which order upcasters run. */
class MessageVersionsTest {

    final ObjectMapper json = new ObjectMapper();

    /** 1→2 renames n to count, 2→3 wraps it: applied in order, a 1.x arrives in 3.0's shape. */
    final UpcasterChain counted = UpcasterChain.reading("Counted", 3)
            .upcasting(2, payload -> payload.set("count", json.createObjectNode().set("value", payload.remove("count"))))
            .upcasting(1, payload -> payload.set("count", payload.remove("n")));

    @Test
    void shouldAcceptEveryMajorWithAnUnbrokenChainOfUpcasters() {
        assertThat(counted.acceptedMajors()).containsExactly(1, 2, 3);
        assertThat(UpcasterChain.reading("Counted", 3).upcasting(1, p -> p).acceptedMajors())
                .as("1→2 missing: 1.x cannot reach 3").containsExactly(3);
    }

    @Test
    void shouldUpcastThroughTheChainInOrder() throws Exception {
        ObjectNode v1 = (ObjectNode) json.readTree("{\"n\":7,\"extra\":true}");

        assertThat(json.writeValueAsString(counted.upcast(1, v1))).isEqualTo("{\"extra\":true,\"count\":{\"value\":7}}");
    }

    @Test
    void shouldNameTheAcceptedVersionsWhenAMajorIsUnknown() {
        MessageVersions versions = new MessageVersions(List.of(counted));

        assertThatThrownBy(() -> versions.requireReadable("Counted", "9.0", 1))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("Counted version 9.0 is not supported (accepts 1.x, 2.x, 3.x)");
        assertThatThrownBy(() -> versions.requireReadable("Other", "2.1", 1))
                .hasMessage("Other version 2.1 is not supported (accepts 1.x)");
        assertThatThrownBy(() -> versions.requireReadable("Other", "two", 1))
                .hasMessage("messageVersion 'two' is not <major>.<minor>");
        versions.requireReadable("Counted", "2.7", 1);
        versions.requireReadable("Other", null, 1); // no version: 1.0
    }

    @Test
    void shouldRefuseAChainThatCannotLeadToItsMajor() {
        assertThatThrownBy(() -> UpcasterChain.reading("Counted", 2).upcasting(2, p -> p))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageVersions(List.of(counted, UpcasterChain.reading("Counted", 1))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFindProducerVersionsWhateverTheCaseOfTheKeys() {
        ProducedVersions produced = new ProducedVersions();
        produced.getVersions().put("orderevents", new java.util.HashMap<>(java.util.Map.of("ordercreated", "2.0")));
        produced.getConsumersRead().put("order-events", java.util.Map.of("OrderCreated", List.of(1, 2)));

        assertThat(produced.version("order-events", "OrderCreated")).isEqualTo(new MessageVersion(2, 0));
        assertThat(produced.version("order-events", "OrderRejected")).isEqualTo(MessageVersion.of(1));
        assertThat(produced.consumersRead("order-events", "OrderCreated")).hasValueSatisfying(
                majors -> assertThat(majors).containsExactly(1, 2));
        assertThat(produced.consumersRead("order-events", "OrderRejected")).isEmpty();
    }
}
