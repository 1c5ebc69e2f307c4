package io.integrationhub.order.quotes;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import io.integrationhub.routes.db.SessionLocks;

/**
 * One active delivery-quote aggregator among the order-app instances: the instance whose own session holds a
 * PostgreSQL advisory lock starts the two quote routes (they do not start with Camel:
 * {@code camel.main.auto-startup-exclude-pattern}); the others retry every {@code standbyRetry}. When the active
 * instance dies, PostgreSQL ends its session and frees the lock; the next one to take it starts the routes, and the
 * aggregator restores every open group's timeout from the repository as it starts. The same design as the outbox
 * relay's lock (one holder, fail-over by session end), rather than a second mechanism to operate.
 */
public class DeliveryQuoteLeadership implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQuoteLeadership.class);
    /** "hqa" (hub quote aggregator) in the high bytes: apart from the outbox relays' "hub" keys. */
    static final long LOCK_KEY = 0x6871610000000001L;
    /** Started in this order (the consumer needs its handler), stopped in the reverse. */
    static final List<String> ROUTES = List.of(DeliveryQuotesRoute.AGGREGATOR_ROUTE, DeliveryQuotesRoute.CONSUMER_ROUTE);

    private final DataSource lockConnections;
    private final ObjectProvider<CamelContext> camel;
    private final Duration standbyRetry;
    private ScheduledExecutorService scheduler;
    private volatile Connection lock;
    private volatile boolean running;
    private boolean standbyLogged;

    /** @param lockConnections unpooled connections: closing one must end its session, which frees the lock */
    public DeliveryQuoteLeadership(DataSource lockConnections, ObjectProvider<CamelContext> camel,
            Duration standbyRetry) {
        this.lockConnections = lockConnections;
        this.camel = camel;
        this.standbyRetry = standbyRetry;
    }

    /** Whether this instance runs the aggregator now. */
    public boolean isActive() {
        return lock != null;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "delivery-quote-leadership");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        scheduler.execute(this::competeOnceCamelStarted);
    }

    /**
     * Camel starts after this lifecycle; competing only every {@code standbyRetry} from here kept the quote routes
     * stopped, and the readiness probe DOWN, for up to that long after start-up. So look again shortly until Camel
     * runs, then compete at once and every {@code standbyRetry}.
     */
    private void competeOnceCamelStarted() {
        CamelContext context = camel.getIfAvailable();
        if (!running) {
            return;
        }
        if (context == null || !context.isStarted()) {
            scheduler.schedule(this::competeOnceCamelStarted, 50, TimeUnit.MILLISECONDS);
            return;
        }
        scheduler.scheduleWithFixedDelay(this::compete, 0, standbyRetry.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        SessionLocks.release(lock); // ends the session: a standby takes over at once
        lock = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private synchronized void compete() {
        CamelContext context = camel.getIfAvailable();
        if (context == null || !context.isStarted()) {
            return;
        }
        try {
            if (lock != null) {
                if (!lock.isValid(2)) {
                    log.warn("Delivery-quote aggregator: the session holding its lock ended; stepping down");
                    stepDown(context);
                }
                return;
            }
            Connection connection = lockConnections.getConnection();
            if (!SessionLocks.tryLock(connection, LOCK_KEY)) {
                connection.close();
                if (!standbyLogged) {
                    log.info("Delivery-quote aggregator: standby (another instance holds the lock)");
                    standbyLogged = true;
                }
                return;
            }
            lock = connection;
            for (String route : ROUTES) {
                context.getRouteController().startRoute(route);
            }
            standbyLogged = false;
            log.info("Delivery-quote aggregator: active (advisory lock held); standby instances wait");
        } catch (Exception e) {
            log.warn("Delivery-quote aggregator: could not compete for the lock ({}); retrying", e.getMessage());
        }
    }

    private void stepDown(CamelContext context) throws Exception {
        SessionLocks.release(lock);
        lock = null;
        context.getRouteController().stopRoute(DeliveryQuotesRoute.CONSUMER_ROUTE);
        context.getRouteController().stopRoute(DeliveryQuotesRoute.AGGREGATOR_ROUTE);
    }
}
