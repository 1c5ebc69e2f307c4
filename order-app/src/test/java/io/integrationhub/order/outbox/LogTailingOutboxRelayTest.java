package io.integrationhub.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.integrationhub.order.OrderAppTest;
import io.integrationhub.routes.outbox.OutboxLogTailing;
import io.integrationhub.testsupport.IsolatedTestInfrastructure;

/**
 * The relay guarantees with the log-tailing relay (Debezium over logical replication), in an order-app of its own on
 * a database of its own: the cached order-app contexts relay the test database's outboxes by polling and hold their
 * relay locks. The context is closed after the class, which drops its replication slot (a slot left behind would
 * retain the shared server's WAL).
 */
@OrderAppTest
@TestPropertySource(properties = { "hub.test.datasource-override=false", "hub.outbox.relay-for.orders=log-tailing",
        "hub.outbox.log-tailing.drop-slot-on-close=true",
        "hub.outbox.log-tailing.offset-store=io.integrationhub.order.outbox.FreezableOffsetStore" })
@DirtiesContext
class LogTailingOutboxRelayTest extends OutboxRelayGuarantees {

    static final String DATABASE = IsolatedTestInfrastructure.freshDatabase("logtail");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> IsolatedTestInfrastructure.TEST_DB_USER);
        registry.add("spring.datasource.password", () -> IsolatedTestInfrastructure.TEST_DB_PASSWORD);
    }

    @Override
    protected List<String> secondInstanceArguments() {
        return List.of("--hub.test.datasource-override=false", "--spring.datasource.url=" + DATABASE,
                "--spring.datasource.username=" + IsolatedTestInfrastructure.TEST_DB_USER,
                "--spring.datasource.password=" + IsolatedTestInfrastructure.TEST_DB_PASSWORD,
                "--hub.outbox.relay-for.orders=log-tailing");
    }

    /** The broker has the rows; the offset flush fails, so neither the stored offset nor the slot moved past them. */
    @Override
    protected void crashBetweenSendAndProgress(Runnable sendRows) {
        FreezableOffsetStore.frozen = true;
        try {
            sendRows.run();
            relays.stop();
        } finally {
            FreezableOffsetStore.frozen = false;
        }
        relays.start();
    }

    /**
     * One broker transaction per Debezium batch (at most {@code hub.outbox.batch-size} events); a poll takes what the
     * queue holds, so a batch may be cut short while the WAL is still being decoded: not one per row, though.
     */
    @Override
    protected int mostBrokerTransactions(int rows) {
        return rows / 10;
    }

    @Override
    protected List<String> relayMetrics() {
        return List.of("hub_outbox_slot_lag_bytes{outbox=\"orders\"}", "hub_outbox_slot_retained_bytes{outbox=\"orders\"}",
                "hub_outbox_slot_active{outbox=\"orders\"}");
    }

    @Test
    void shouldReadTheOutboxThroughAPublicationOfItsInsertsAndASlotNamedForItsDatabase() {
        OutboxLogTailing tailing = relays.relay("orders").logTailing();
        assertThat(tailing.slotName()).isEqualTo("hub_" + DATABASE.replaceAll(".*/", "").replaceAll("\\?.*", "")
                + "_orders");
        await().atMost(Duration.ofSeconds(30)).until(() -> tailing.slotLag().read().active());
        assertThat(jdbc.queryForMap("select pubinsert, pubupdate, pubdelete from pg_publication where pubname = ?",
                tailing.publicationName())).containsEntry("pubinsert", true).containsEntry("pubupdate", false)
                .containsEntry("pubdelete", false);
        assertThat(jdbc.queryForList("select schemaname || '.' || tablename from pg_publication_tables where pubname = ?",
                String.class, tailing.publicationName())).containsExactly("orders.outbox");
        // heartbeats and relayed rows both move the offset, flushed to PostgreSQL every second
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> jdbc.queryForObject(
                "select count(*) from public." + tailing.offsetsTable(), Integer.class) > 0);
    }
}
