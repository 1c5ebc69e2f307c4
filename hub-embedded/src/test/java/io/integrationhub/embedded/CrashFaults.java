package io.integrationhub.embedded;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.jdbc.core.JdbcTemplate;

import io.integrationhub.routes.outbox.OutboxRelays;

/**
 * Crashes at every step boundary of a saga, while armed (try-with-resources):
 * <ol>
 * <li>after each saga / participant transaction commits, before its JMS acknowledgement: the first delivery of every
 * message on the saga's and its participants' routes is rolled back in the broker, as if the process died there —
 * it comes again;</li>
 * <li>after the relay sent a batch of order-app's commands, before it marked them: every other mark fails, so those
 * commands reach the participants twice;</li>
 * <li>after a saga transaction committed its next commands, before the relay sent them: order-app's relay is down
 * for 300 ms of every second.</li>
 * </ol>
 */
final class CrashFaults implements AutoCloseable {

    /** The routes whose transaction commits before the JMS acknowledgement: the saga's, and its participants'. */
    static final Set<String> ACKNOWLEDGING_ROUTES = Set.of("order-replies", "kitchen-commands", "accounting-commands",
            "consumer-commands");

    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final OutboxRelays relays;
    private final Map<String, Boolean> acked = new ConcurrentHashMap<>();
    private final AtomicInteger lostAcks = new AtomicInteger();
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final EventNotifier loseFirstAck;
    private final Thread relayCrashes;

    CrashFaults(CamelContext camel, JdbcTemplate jdbc, OutboxRelays relays) {
        this.camel = camel;
        this.jdbc = jdbc;
        this.relays = relays;
        this.loseFirstAck = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                var exchange = ((CamelEvent.ExchangeCompletedEvent) event).getExchange();
                String messageId = exchange.getMessage().getHeader("messageId", String.class);
                if (ACKNOWLEDGING_ROUTES.contains(exchange.getFromRouteId()) && messageId != null
                        && acked.putIfAbsent(messageId, true) == null) {
                    lostAcks.incrementAndGet();
                    exchange.setRollbackOnly(true);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent;
            }
        };
        jdbc.execute("drop sequence if exists orders.test_saga_marks");
        jdbc.execute("create sequence orders.test_saga_marks");
        jdbc.execute("""
                create or replace function orders.fail_every_other_mark() returns trigger language plpgsql as $$
                begin
                  if exists (select 1 from marked where published_at is not null)
                     and nextval('orders.test_saga_marks') % 2 = 1 then
                    raise exception 'injected: crash after send, before mark';
                  end if;
                  return null;
                end $$""");
        jdbc.execute("create trigger fail_every_other_mark after update on orders.outbox referencing new table as "
                + "marked for each statement execute function orders.fail_every_other_mark()");
        this.relayCrashes = new Thread(() -> {
            while (armed.get()) {
                relays.relay("orders").stop();
                pause(300);
                relays.relay("orders").start();
                pause(700);
            }
        }, "relay-crashes");
        camel.getManagementStrategy().addEventNotifier(loseFirstAck);
        relayCrashes.start();
    }

    int lostAcks() {
        return lostAcks.get();
    }

    long failedMarks() {
        return jdbc.queryForObject("select last_value from orders.test_saga_marks", Long.class);
    }

    @Override
    public void close() throws InterruptedException {
        armed.set(false);
        relayCrashes.join(10_000);
        relays.relay("orders").start();
        camel.getManagementStrategy().removeEventNotifier(loseFirstAck);
        jdbc.execute("drop trigger if exists fail_every_other_mark on orders.outbox");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // the length of a simulated relay outage, not an assertion
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
