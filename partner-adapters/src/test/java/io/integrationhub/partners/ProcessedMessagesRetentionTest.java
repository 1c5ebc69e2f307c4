package io.integrationhub.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** Processed-message keys are kept for the retention window, then deleted in bounded batches. */
@SpringBootTest(classes = PartnerAdaptersApplication.class, properties = { "hub.idempotency.cleanup-interval=500ms",
        "hub.idempotency.retention=1h", "hub.idempotency.cleanup-batch-size=1000" })
@ActiveProfiles("test")
@DirtiesContext
class ProcessedMessagesRetentionTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldForgetKeysOlderThanTheRetentionOnly() {
        String processor = "retention-" + UUID.randomUUID();
        // 2,500 keys from two hours ago (three cleanup batches) and one from now
        jdbc.update("insert into consumer.camel_messageprocessed (processorName, messageId, createdAt) "
                + "select ?, gen_random_uuid()::text, now() - interval '2 hours' from generate_series(1, 2500)",
                processor);
        jdbc.update("insert into consumer.camel_messageprocessed (processorName, messageId) values (?, 'recent')",
                processor);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from consumer.camel_messageprocessed where processorName = ?", Integer.class,
                processor) == 1);
        assertThat(jdbc.queryForObject("select messageId from consumer.camel_messageprocessed where processorName = ?",
                String.class, processor)).isEqualTo("recent");
    }
}
