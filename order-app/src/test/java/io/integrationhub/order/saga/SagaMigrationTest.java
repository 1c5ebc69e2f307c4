package io.integrationhub.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.testsupport.IsolatedTestInfrastructure;

/**
 * Upgrading a running installation from V2 (validation tracked in order_commands) to V3 (durable sagas): the orders
 * in flight continue as create-order sagas the orchestrator can pick up, the finished ones are left alone.
 *
 * <p>Flyway is configured the way {@code SchemaMigrations} does it (hub tables with their own history first, then the
 * service's, both in one schema), but in a schema of this test's own, so no other test's {@code orders} schema is
 * touched: the migrations name their tables unqualified and Flyway puts its schema on the search path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SagaMigrationTest {

    private static final String SCHEMA = "orders_saga_upgrade";
    private static final String DB = IsolatedTestInfrastructure.TEST_DB_URL;
    private static final String USER = IsolatedTestInfrastructure.TEST_DB_USER;
    private static final String PASSWORD = IsolatedTestInfrastructure.TEST_DB_PASSWORD;

    private final ObjectMapper json = new ObjectMapper();

    private long approvalPending;
    private long consumerValidated;
    private long orderDetailsValidated;
    private long validated;
    private long approved;
    private long rejected;
    private final Map<String, UUID> commands = new HashMap<>();

    @BeforeAll
    void upgradeAnInstallationWithOrdersInFlight() throws SQLException {
        IsolatedTestInfrastructure.ensureDatabaseExists();
        execute("drop schema if exists " + SCHEMA + " cascade");

        migrate("classpath:hub/db/common", "hub_schema_history", null);
        migrate("classpath:db/orders", "flyway_schema_history", "2");
        assertThat(scalar("select max(version) from " + SCHEMA + ".flyway_schema_history", String.class))
                .isEqualTo("2");

        // V2-era data: one order per state, each with its validation commands as V2 recorded them
        approvalPending = order("APPROVAL_PENDING");
        command(approvalPending, "ValidateConsumerInfo", false);
        command(approvalPending, "ValidateOrderDetails", false);

        consumerValidated = order("CONSUMER_VALIDATED");
        command(consumerValidated, "ValidateConsumerInfo", true);
        command(consumerValidated, "ValidateOrderDetails", false);

        orderDetailsValidated = order("ORDER_DETAILS_VALIDATED");
        command(orderDetailsValidated, "ValidateConsumerInfo", false);
        command(orderDetailsValidated, "ValidateOrderDetails", true);

        validated = order("VALIDATED");
        command(validated, "ValidateConsumerInfo", true);
        command(validated, "ValidateOrderDetails", true);

        approved = order("APPROVED");
        command(approved, "ValidateConsumerInfo", true);
        command(approved, "ValidateOrderDetails", true);

        rejected = order("REJECTED");
        command(rejected, "ValidateConsumerInfo", true);
        command(rejected, "ValidateOrderDetails", false);

        migrate("classpath:db/orders", "flyway_schema_history", null);
    }

    @Test
    void shouldStartOneRunningCreateOrderSagaPerOrderStillInFlightAndNoneForDecidedOrders() throws SQLException {
        List<Object[]> sagas = rows("select order_id, saga_type, state from " + SCHEMA + ".saga_instance "
                + "order by order_id", 3);

        assertThat(sagas).extracting(r -> r[0], r -> r[1], r -> r[2]).containsExactly(
                tuple(approvalPending, CreateOrderSaga.TYPE, "RUNNING"),
                tuple(consumerValidated, CreateOrderSaga.TYPE, "RUNNING"),
                tuple(orderDetailsValidated, CreateOrderSaga.TYPE, "RUNNING"),
                tuple(validated, CreateOrderSaga.TYPE, "RUNNING"));
    }

    @Test
    void shouldKeepOrdersBeingValidatedWaitingForTheRepliesToTheCommandsAlreadySent() throws SQLException {
        for (long order : List.of(approvalPending, consumerValidated, orderDetailsValidated)) {
            Object[] saga = sagaOf(order);
            assertThat(saga[0]).as("current_step of order %s", order).isEqualTo(0);
            assertThat(saga[1]).as("attempts of order %s", order).isEqualTo(1);
            assertThat((Boolean) saga[2]).as("deadline of order %s still ahead", order).isTrue();
        }

        assertThat(steps(approvalPending)).containsExactlyInAnyOrder(
                step("validate-order", "consumer.commands", "ValidateConsumerInfo", approvalPending, "SENT", false),
                step("validate-order", "restaurant.commands", "ValidateOrderDetails", approvalPending, "SENT", false));
        assertThat(steps(consumerValidated)).containsExactlyInAnyOrder(
                step("validate-order", "consumer.commands", "ValidateConsumerInfo", consumerValidated, "SUCCEEDED",
                        true),
                step("validate-order", "restaurant.commands", "ValidateOrderDetails", consumerValidated, "SENT",
                        false));
        assertThat(steps(orderDetailsValidated)).containsExactlyInAnyOrder(
                step("validate-order", "consumer.commands", "ValidateConsumerInfo", orderDetailsValidated, "SENT",
                        false),
                step("validate-order", "restaurant.commands", "ValidateOrderDetails", orderDetailsValidated,
                        "SUCCEEDED", true));
    }

    @Test
    void shouldContinueValidatedOrdersWithTheCreateTicketStepAtTheNextDeadlineScan() throws SQLException {
        Object[] saga = sagaOf(validated);

        assertThat(saga[0]).as("current_step: create-ticket").isEqualTo(1);
        // nothing sent yet: the deadline scan sends CreateTicket as attempt 1, with the step's whole retry budget
        assertThat(saga[1]).as("attempts").isEqualTo(0);
        assertThat((Boolean) saga[2]).as("deadline ahead").isFalse();
        assertThat(steps(validated)).as("no create-ticket command yet; the answered validations stay in the log")
                .containsExactlyInAnyOrder(
                        step("validate-order", "consumer.commands", "ValidateConsumerInfo", validated, "SUCCEEDED",
                                true),
                        step("validate-order", "restaurant.commands", "ValidateOrderDetails", validated, "SUCCEEDED",
                                true));
    }

    @Test
    void shouldCarryTheOrderInTheSagaDataAsTheCreateOrderSagaReadsIt() throws Exception {
        for (long order : List.of(approvalPending, consumerValidated, orderDetailsValidated, validated)) {
            String data = scalar("select data::text from " + SCHEMA + ".saga_instance where order_id = ?",
                    String.class, order);

            CreateOrderSaga.Data read = json.readValue(data, CreateOrderSaga.Data.class);

            assertThat(read.orderId).isEqualTo(String.valueOf(order));
            assertThat(read.consumerId).isEqualTo("consumer-" + order);
            assertThat(read.restaurantId).isEqualTo("restaurant-1");
            assertThat(read.orderTotal).isEqualByComparingTo("37.50");
            assertThat(read.lineItems).as("in line order").usingRecursiveFieldByFieldElementComparator(
                    RecursiveComparisonConfiguration.builder()
                            .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build())
                    .containsExactly(new OrderMessages.Item("pizza", 2, new BigDecimal("12.50")),
                            new OrderMessages.Item("salad", 1, new BigDecimal("7.00")),
                            new OrderMessages.Item("lemonade", 1, new BigDecimal("5.50")));
            assertThat(read.ticketId).isNull();
            assertThat(read.authorizationId).isNull();
        }
    }

    @Test
    void shouldReplaceOrderCommandsByTheSagaStepLog() throws SQLException {
        assertThat(scalar("select count(*) from information_schema.tables where table_schema = ? "
                + "and table_name = 'order_commands'", Long.class, SCHEMA)).isZero();
        assertThat(scalar("select count(*) from " + SCHEMA + ".flyway_schema_history where version = '3' "
                + "and success", Long.class)).as("V3 applied (later versions may follow)").isEqualTo(1L);
    }

    // --- V2 data

    private long order(String state) throws SQLException {
        long id;
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement("insert into " + SCHEMA
                + ".orders (state, consumer_id, restaurant_id, order_total, rejection_reason) values (?, 'pending', "
                + "'restaurant-1', 37.50, ?) returning id")) {
            insert.setString(1, state);
            insert.setString(2, "REJECTED".equals(state) ? "consumer unknown" : null);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement consumer = c.prepareStatement("update " + SCHEMA + ".orders set consumer_id = ? "
                    + "where id = ?")) {
                consumer.setString(1, "consumer-" + id);
                consumer.setLong(2, id);
                consumer.executeUpdate();
            }
            // inserted out of line order on purpose: the saga's lineItems follow the line number, not the insert
            lineItem(c, id, 3, "lemonade", 1, "5.50");
            lineItem(c, id, 1, "pizza", 2, "12.50");
            lineItem(c, id, 2, "salad", 1, "7.00");
        }
        return id;
    }

    private void lineItem(Connection c, long order, int line, String menuItem, int quantity, String price)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into " + SCHEMA + ".order_line_items (order_id, "
                + "line, menu_item_id, name, quantity, price) values (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, order);
            insert.setInt(2, line);
            insert.setString(3, menuItem);
            insert.setString(4, menuItem.toUpperCase());
            insert.setInt(5, quantity);
            insert.setBigDecimal(6, new BigDecimal(price));
            insert.executeUpdate();
        }
    }

    private void command(long order, String type, boolean answered) throws SQLException {
        UUID messageId = UUID.randomUUID();
        commands.put(order + "/" + type, messageId);
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement("insert into " + SCHEMA
                + ".order_commands (message_id, order_id, command_type, answered_at, created_at) values (?, ?, ?, "
                + "case when ? then now() - interval '1 minute' end, now() - interval '2 minutes')")) {
            insert.setObject(1, messageId);
            insert.setLong(2, order);
            insert.setString(3, type);
            insert.setBoolean(4, answered);
            insert.executeUpdate();
        }
    }

    // --- reading the migrated sagas

    /** current_step, attempts, deadline > now(). */
    private Object[] sagaOf(long order) throws SQLException {
        List<Object[]> rows = rows("select current_step, attempts, deadline > now() from " + SCHEMA
                + ".saga_instance where order_id = ?", 3, order);
        assertThat(rows).as("sagas of order %s", order).hasSize(1);
        return rows.get(0);
    }

    private List<List<Object>> steps(long order) throws SQLException {
        List<List<Object>> steps = new ArrayList<>();
        for (Object[] row : rows("select st.step, st.step_name, st.direction, st.participant, st.command_type, "
                + "st.command_message_id::text, st.attempt, st.outcome, st.replied_at is not null from " + SCHEMA
                + ".saga_step st join " + SCHEMA + ".saga_instance s on s.id = st.saga_id where s.order_id = ?", 9,
                order)) {
            steps.add(List.of(row));
        }
        return steps;
    }

    private List<Object> step(String name, String participant, String commandType, long order, String outcome,
            boolean replied) {
        return List.of(0, name, "FORWARD", participant, commandType, commands.get(order + "/" + commandType)
                .toString(), 1, outcome, replied);
    }

    // --- plumbing

    /** Flyway as SchemaMigrations configures it, in this test's schema; {@code target} null = latest. */
    private static void migrate(String location, String historyTable, String target) {
        var configuration = Flyway.configure()
                .dataSource(DB, USER, PASSWORD)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .locations(location)
                .ignoreMigrationPatterns("*:future", "repeatable:missing");
        if (target != null) {
            configuration.target(MigrationVersion.fromVersion(target));
        }
        configuration.load().migrate();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(DB, USER, PASSWORD);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static <T> T scalar(String sql, Class<T> type, Object... parameters) throws SQLException {
        List<Object[]> rows = rows(sql, 1, parameters);
        assertThat(rows).as(sql).hasSize(1);
        return type.cast(rows.get(0)[0]);
    }

    private static List<Object[]> rows(String sql, int columns, Object... parameters) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement statement = prepare(c, sql, parameters);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
