package io.integrationhub.benchmarks;

import java.net.URI;
import java.sql.Connection;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Phase 2's HTTP floor: a plain Spring MVC controller beside the hub's {@code POST /api/v1/orders}, added to
 * order-app's context by the benchmark only ({@link HubUnderTest#start}, never shipped). It takes the same request
 * body, read by Spring MVC's Jackson converter (the app's ObjectMapper) into a small record, writes
 * {@link IntakeBaseline}'s rows (a copy of the hub's order) in one JDBC transaction on the app's pool, and answers
 * 202 with Location and a small HAL body as the hub does — on the request thread (as the hub's routes now run too),
 * with no Camel, no Bean Validation. Its path is under {@code /api/**}, so the same Tomcat connector, the same
 * security filter chain and rule (the public-API rule that covers {@code /api/v1/orders}: anonymous, no CSRF), and
 * the same {@code http.server.requests} observation handle it.
 */
@RestController
class IntakePeer {

    static final String PATH = "/api/v1/intake-peer/orders";

    record NewOrder(String consumerId, String restaurantId, List<Item> lineItems) {
        record Item(String menuItemId, Integer quantity) {
        }
    }

    record Accepted(long orderId, String state, String consumerId) {
    }

    private final DataSource dataSource;
    /** The hub's order to copy; set once phase 2 has one (until then the peer answers 503). */
    private volatile IntakeBaseline rows;

    IntakePeer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void copy(IntakeBaseline rows) {
        this.rows = rows;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = { "application/hal+json", MediaType.APPLICATION_JSON_VALUE })
    ResponseEntity<Accepted> create(@RequestBody NewOrder order) throws Exception {
        IntakeBaseline template = rows;
        if (template == null) {
            return ResponseEntity.status(503).build();
        }
        // the minimum a hand-written endpoint checks; the hub's strict reader and Bean Validation are not repeated
        if (order.consumerId() == null || order.restaurantId() == null || order.lineItems() == null
                || order.lineItems().isEmpty()) {
            return ResponseEntity.badRequest().build();
        }
        long id;
        try (Connection c = dataSource.getConnection()) {
            id = template.write(c, order.consumerId());
        }
        return ResponseEntity.accepted().location(URI.create(PATH + "/" + id))
                .body(new Accepted(id, template.state(), order.consumerId()));
    }
}
