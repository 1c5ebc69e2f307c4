package io.integrationhub.routes.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.integrationhub.testsupport.IsolatedTestInfrastructure;

/**
 * The one-statement idempotent repository against the real PostgreSQL: a key is new once, and two transactions
 * recording one key at the same time never both see it as new — the second waits for the first, then sees a
 * duplicate if the first committed, or records the key itself if the first rolled back.
 */
class InsertOnceMessageIdRepositoryTest {

    private static final String TABLE = "idempotency_test.camel_messageprocessed";

    private static DriverManagerDataSource dataSource;
    private static TransactionTemplate transactions;
    private static InsertOnceMessageIdRepository repository;
    private static final ExecutorService SECOND = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void table() throws Exception {
        IsolatedTestInfrastructure.ensureDatabaseExists();
        dataSource = new DriverManagerDataSource(IsolatedTestInfrastructure.TEST_DB_URL,
                IsolatedTestInfrastructure.TEST_DB_USER, IsolatedTestInfrastructure.TEST_DB_PASSWORD);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create schema if not exists idempotency_test");
        jdbc.execute("drop table if exists " + TABLE);
        // the shape of hub/db/common/V2__processed_messages.sql
        jdbc.execute("create table " + TABLE + " (processorName varchar(255) not null, messageId varchar(100) not null,"
                + " createdAt timestamp not null default now(), primary key (processorName, messageId))");
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        repository = new InsertOnceMessageIdRepository(dataSource, transactions, "route-a", TABLE);
        repository.start();
    }

    @AfterAll
    static void stop() {
        SECOND.shutdownNow();
        repository.stop();
    }

    @Test
    void aKeyIsNewOnceAndOnlyForItsOwnProcessor() {
        String key = UUID.randomUUID().toString();
        InsertOnceMessageIdRepository otherRoute = new InsertOnceMessageIdRepository(dataSource, transactions,
                "route-b", TABLE);
        otherRoute.start();

        assertThat(repository.add(key)).isTrue();
        assertThat(repository.add(key)).isFalse();
        assertThat(repository.contains(key)).isTrue();
        assertThat(otherRoute.add(key)).isTrue();
        assertThat(repository.remove(key)).isTrue();
        assertThat(repository.add(key)).isTrue();
    }

    @Test
    void aConcurrentDeliveryWaitsAndIsADuplicateWhenTheFirstCommits() throws Exception {
        assertThat(concurrentSecondAdd(true)).isFalse();
    }

    @Test
    void aConcurrentDeliveryRecordsTheKeyWhenTheFirstRollsBack() throws Exception {
        assertThat(concurrentSecondAdd(false)).isTrue();
    }

    /** The first transaction records the key and holds it open while a second one records it too. */
    private boolean concurrentSecondAdd(boolean firstCommits) throws Exception {
        String key = UUID.randomUUID().toString();
        CountDownLatch firstAdded = new CountDownLatch(1);
        CountDownLatch finishFirst = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            boolean added = repository.add(key);
            firstAdded.countDown();
            try {
                finishFirst.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!firstCommits) {
                status.setRollbackOnly();
            }
            return added;
        }), Executors.newSingleThreadExecutor());
        assertThat(firstAdded.await(20, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> repository.add(key), SECOND);
        // the second insert waits for the first transaction's row lock: it must not have answered yet
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        finishFirst.countDown();

        assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
        return second.get(20, TimeUnit.SECONDS);
    }
}
