package io.integrationhub.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.integrationhub.order.OrderAppTest;

/** Published rows leave the outbox after the retention, in bounded batches; unpublished rows never do. */
@OrderAppTest
@TestPropertySource(properties = { "hub.outbox.cleanup-interval=500ms", "hub.outbox.retention=10m",
        "hub.outbox.cleanup-batch-size=1000" })
@DirtiesContext
class OutboxCleanupTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldDeleteOnlyRowsPublishedLongerAgoThanTheRetention() {
        String aggregate = "cleanup-" + UUID.randomUUID();
        // 2,500 rows published an hour ago (three cleanup batches), one published just now, one never published
        jdbc.update("""
                insert into orders.outbox (message_id, destination, message_type, message_version, aggregate_type,
                    aggregate_id, payload, published_at)
                select gen_random_uuid(), 'queue:order.test-cleanup', 'TestMessage', '1.0', 'Test', ?, '{}',
                    now() - interval '1 hour'
                from generate_series(1, 2500)""", aggregate);
        jdbc.update("""
                insert into orders.outbox (message_id, destination, message_type, message_version, aggregate_type,
                    aggregate_id, payload, published_at)
                values (gen_random_uuid(), 'queue:order.test-cleanup', 'TestMessage', '1.0', 'Test', ?, '{}', now())""",
                aggregate);

        await().atMost(Duration.ofSeconds(20)).until(() -> count(aggregate) == 1);
        assertThat(jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ? "
                + "and published_at > now() - interval '1 minute'", Integer.class, aggregate)).isEqualTo(1);
    }

    private int count(String aggregate) {
        return jdbc.queryForObject("select count(*) from orders.outbox where aggregate_id = ?", Integer.class,
                aggregate);
    }
}
