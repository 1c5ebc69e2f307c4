package io.integrationhub.routes.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.debezium.postgres.DebeziumPostgresComponent;
import org.apache.camel.component.debezium.postgres.DebeziumPostgresEndpoint;
import org.apache.camel.component.debezium.postgres.configuration.PostgresConnectorEmbeddedDebeziumConfiguration;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;

/**
 * camel-debezium-postgres's endpoint, but its consumer hands the route <b>one exchange per Debezium batch</b> (body: the
 * batch's change events as Camel messages, in commit order) and marks the batch's records processed only after the
 * route returned without an exception.
 *
 * <p>Why not camel-debezium's own consumer: it registers a per-record {@code Consumer<ChangeEvent>}, so Debezium marks
 * each record processed as soon as the route returns for it. A Camel aggregator behind it (completionSize +
 * completionTimeout) would return before the batch reached the broker, and the next offset flush could store a
 * position past rows that a crash then loses (they would stay unpublished in the table, and no one would read them
 * again). Debezium's own batch interface ({@code ChangeConsumer.handleBatch} with its {@code RecordCommitter}) is made
 * for exactly this: the batch is already there (up to {@code max.batch.size}, whatever the queue held when polled, so
 * a single row at low load is not kept waiting for a timeout), and its offset moves only when we say so. The
 * connector configuration and the record → message conversion stay camel-debezium's
 * ({@link DebeziumPostgresEndpoint#createDbzExchange}); that endpoint class is final, hence the delegate.
 */
final class DebeziumBatchEndpoint extends DefaultEndpoint {

    private static final Logger log = LoggerFactory.getLogger(DebeziumBatchEndpoint.class);

    private final DebeziumPostgresEndpoint debezium;

    DebeziumBatchEndpoint(String uri, DebeziumPostgresComponent component,
            PostgresConnectorEmbeddedDebeziumConfiguration configuration) {
        super(uri, component);
        this.debezium = new DebeziumPostgresEndpoint(uri, component, configuration);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("the outbox's change events can only be consumed");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        var consumer = new BatchConsumer(this, processor);
        configureConsumer(consumer);
        if (getExceptionHandler() != null) {
            consumer.setExceptionHandler(getExceptionHandler());
        }
        return consumer;
    }

    private final class BatchConsumer extends DefaultConsumer
            implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

        private ExecutorService executor;
        private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;

        BatchConsumer(DebeziumBatchEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            executor = debezium.createExecutor(this);
            engine = DebeziumEngine.create(Connect.class)
                    .using(debezium.getConfiguration().createDebeziumConfiguration().asProperties())
                    .notifying(this).build();
            executor.submit(() -> {
                try {
                    engine.run();
                } catch (Throwable failed) {
                    log.error("Debezium engine has failed: {}", failed.getMessage(), failed);
                }
            });
        }

        @Override
        protected void doStop() throws Exception {
            if (engine != null) {
                engine.close();
            }
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            super.doStop();
        }

        /**
         * A failed batch goes to the exception handler, which must throw (see OutboxLogTailing): returning would let
         * Debezium go on after records it never marked, and a later batch's offset would cover them.
         */
        @Override
        public void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> records,
                DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
                throws InterruptedException {
            List<Message> events = new ArrayList<>(records.size());
            for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                events.add(debezium.createDbzExchange(null, record.value()).getMessage());
            }
            Exchange batch = createExchange(false);
            batch.getMessage().setBody(events);
            try {
                getProcessor().process(batch);
            } catch (Exception e) {
                batch.setException(e);
            }
            try {
                if (batch.getException() != null) {
                    getExceptionHandler().handleException("the batch of change events failed", batch,
                            batch.getException());
                    throw new IllegalStateException("the exception handler must stop Debezium");
                }
            } finally {
                releaseExchange(batch, false);
            }
            for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                committer.markProcessed(record);
            }
            committer.markBatchFinished();
        }
    }
}
