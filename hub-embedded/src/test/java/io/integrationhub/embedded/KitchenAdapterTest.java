package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The kitchen adapter as the create-order saga uses it: this test plays the order service, sends the kitchen commands
 * with the full envelope and reads the replies from the kitchen outbox (they are relayed to its JMSReplyTo). Happy
 * path, the kitchen's business refusals (switched through the partner API), the compensation, the "version file"
 * (a CancelCreateTicket that overtook its CreateTicket), commands re-sent under a new messageId, and per-order order.
 * Then the cancel- and revise-order sagas' steps: the semantic locks CANCEL_PENDING and REVISION_PENDING, confirmed,
 * undone, refused while the kitchen is preparing or another change holds the lock, and the kitchen's own steps
 * (accept, start preparing) through the partner API.
 */
@HubSystemTest
class KitchenAdapterTest {

    static final String KITCHEN = "kitchen.commands";
    static final String ROUTE_FILE = "hub-routes/partner-adapters/kitchen.camel.yaml";

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final List<String> closedKitchens = new ArrayList<>();

    @AfterEach
    void reopenKitchens() throws Exception {
        for (String restaurant : closedKitchens) {
            assertThat(putKitchen(restaurant, "{\"acceptingOrders\":true}", HubSystemTest.OPERATOR_BASIC).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldCreateAPendingTicketAndConfirmItWhenTheSagaSaysSo() throws Exception {
        String orderId = newOrderId();
        String saga = "saga-" + UUID.randomUUID();
        // the saga's CreateTicket carries the names and prices of its line items too: the kitchen ignores them
        String create = send(orderId, "CreateTicket", """
                {"orderId":"%s","restaurantId":"r-kitchen","lineItems":[{"menuItemId":"dal","quantity":2,
                "name":"Dal","price":4.50},{"menuItemId":"naan","quantity":1}],"consumerId":"c-1"}"""
                .formatted(orderId), saga);

        Map<String, Object> created = awaitReply(create);
        assertThat(created.get("message_type")).isEqualTo("TicketCreated");
        JsonNode payload = payload(created);
        assertThat(payload.get("orderId").asText()).isEqualTo(orderId);
        String ticketId = payload.get("ticketId").asText();
        assertThat(ticketId).startsWith("t-");
        // the reply is about the same order and saga, correlated with the command, addressed to its JMSReplyTo
        assertThat(created).containsEntry("aggregate_type", "Order").containsEntry("aggregate_id", orderId)
                .containsEntry("saga_id", saga).containsEntry("destination", "queue:" + TestCommands.REPLY_QUEUE);

        JsonNode ticket = ticket(orderId, 200);
        assertThat(ticket.get("state").asText()).isEqualTo("CREATE_PENDING");
        assertThat(ticket.get("ticketId").asText()).isEqualTo(ticketId);
        assertThat(ticket.get("restaurantId").asText()).isEqualTo("r-kitchen");
        assertThat(ticket.get("lineItems").toString())
                .isEqualTo("[{\"menuItemId\":\"dal\",\"quantity\":2},{\"menuItemId\":\"naan\",\"quantity\":1}]");
        assertThat(ticket.has("reason")).isFalse();
        assertThat(ticket.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        Map<String, Object> confirmed = awaitReply(send(orderId, "ConfirmCreateTicket",
                "{\"orderId\":\"" + orderId + "\"}", saga));
        assertThat(confirmed.get("message_type")).isEqualTo("Success");
        assertThat(payload(confirmed).get("orderId").asText()).isEqualTo(orderId);
        assertThat(ticket(orderId, 200).get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");

        // confirming again (the saga re-sent it after a step deadline) succeeds and changes nothing
        assertThat(awaitReply(send(orderId, "ConfirmCreateTicket", "{\"orderId\":\"" + orderId + "\"}", saga))
                .get("message_type")).isEqualTo("Success");
        assertThat(version(orderId)).as("one change: the confirmation").isEqualTo(1);
    }

    @Test
    void shouldCancelAPendingTicketAsTheSagasCompensationAndThenRefuseToConfirmIt() throws Exception {
        String orderId = newOrderId();
        assertThat(awaitReply(createTicket(orderId, "r-kitchen", 1)).get("message_type")).isEqualTo("TicketCreated");

        Map<String, Object> cancelled = awaitReply(send(orderId, "CancelCreateTicket",
                "{\"orderId\":\"" + orderId + "\"}", null));
        assertThat(cancelled.get("message_type")).isEqualTo("Success");
        assertThat(ticket(orderId, 200).get("state").asText()).isEqualTo("CANCELLED");

        // a compensation re-sent under a new messageId: the same answer, nothing more
        assertThat(awaitReply(send(orderId, "CancelCreateTicket", "{\"orderId\":\"" + orderId + "\"}", null))
                .get("message_type")).isEqualTo("Success");
        Map<String, Object> confirm = awaitReply(send(orderId, "ConfirmCreateTicket",
                "{\"orderId\":\"" + orderId + "\"}", null));
        assertThat(confirm.get("message_type")).isEqualTo("Failure");
        assertThat(payload(confirm).get("reason").asText()).contains("was cancelled");
        assertThat(ticket(orderId, 200).get("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void shouldRefuseToCancelATicketTheSagaAlreadyConfirmed() throws Exception {
        String orderId = newOrderId();
        awaitReply(createTicket(orderId, "r-kitchen", 1));
        assertThat(awaitReply(send(orderId, "ConfirmCreateTicket", "{\"orderId\":\"" + orderId + "\"}", null))
                .get("message_type")).isEqualTo("Success");

        Map<String, Object> refused = awaitReply(send(orderId, "CancelCreateTicket",
                "{\"orderId\":\"" + orderId + "\"}", null));

        assertThat(refused.get("message_type")).isEqualTo("Failure");
        assertThat(payload(refused).get("reason").asText()).contains("already confirmed (AWAITING_ACCEPTANCE)");
        assertThat(ticket(orderId, 200).get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");
    }

    @Test
    void shouldRefuseTicketsWhileTheKitchenIsNotAcceptingOrdersAndTakeThemAgainAfterwards() throws Exception {
        String restaurant = "r-closed-" + UUID.randomUUID();
        HttpResponse<String> anonymous = putKitchen(restaurant, "{\"acceptingOrders\":false}", null);
        assertThat(anonymous.statusCode()).as("the partner write API needs a login").isEqualTo(401);
        assertThat(json.readTree(get("/partners/api/v1/kitchens/" + restaurant).body()).get("acceptingOrders")
                .asBoolean()).as("a kitchen never set accepts orders").isTrue();

        HttpResponse<String> closed = putKitchen(restaurant, "{\"acceptingOrders\":false}",
                HubSystemTest.OPERATOR_BASIC);
        closedKitchens.add(restaurant);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(json.readTree(closed.body())).isEqualTo(json.readTree(
                "{\"restaurantId\":\"" + restaurant + "\",\"acceptingOrders\":false}"));
        assertThat(json.readTree(get("/partners/api/v1/kitchens/" + restaurant).body()).get("acceptingOrders")
                .asBoolean()).isFalse();

        String refusedOrder = newOrderId();
        Map<String, Object> refused = awaitReply(createTicket(refusedOrder, restaurant, 1));
        assertThat(refused.get("message_type")).isEqualTo("TicketCreationFailed");
        assertThat(payload(refused).get("reason").asText())
                .isEqualTo("the kitchen of restaurant " + restaurant + " is not accepting orders");
        JsonNode rejected = ticket(refusedOrder, 200);
        assertThat(rejected.get("state").asText()).isEqualTo("REJECTED");
        assertThat(rejected.has("ticketId")).isFalse();

        assertThat(putKitchen(restaurant, "{\"acceptingOrders\":true}", HubSystemTest.OPERATOR_BASIC).statusCode())
                .isEqualTo(200);
        assertThat(awaitReply(createTicket(newOrderId(), restaurant, 1)).get("message_type"))
                .isEqualTo("TicketCreated");
        // the refused order's CreateTicket re-sent: the answer it got stays the answer
        Map<String, Object> again = awaitReply(createTicket(refusedOrder, restaurant, 1));
        assertThat(again.get("message_type")).isEqualTo("TicketCreationFailed");
        assertThat(again.get("payload")).isEqualTo(refused.get("payload"));
    }

    @Test
    void shouldRefuseATicketWithMorePortionsOfAnItemThanTheKitchensLimit() throws Exception {
        String orderId = newOrderId();

        Map<String, Object> refused = awaitReply(createTicket(orderId, "r-kitchen", 51));

        assertThat(refused.get("message_type")).isEqualTo("TicketCreationFailed");
        assertThat(payload(refused).get("reason").asText())
                .isEqualTo("menu item dal: 51 portions exceed the kitchen's limit of 50 per item");
        assertThat(awaitReply(createTicket(newOrderId(), "r-kitchen", 50)).get("message_type"))
                .as("the limit itself is allowed").isEqualTo("TicketCreated");
    }

    @Test
    void shouldRememberACancellationThatOvertookItsCreateTicketAndRefuseTheLateCreate() throws Exception {
        String orderId = newOrderId();

        Map<String, Object> cancelled = awaitReply(send(orderId, "CancelCreateTicket",
                "{\"orderId\":\"" + orderId + "\"}", null));
        assertThat(cancelled.get("message_type")).isEqualTo("Success");
        JsonNode remembered = ticket(orderId, 200);
        assertThat(remembered.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(remembered.get("lineItems")).isEmpty();
        assertThat(remembered.has("ticketId")).isFalse();

        Map<String, Object> late = awaitReply(createTicket(orderId, "r-kitchen", 1));

        assertThat(late.get("message_type")).isEqualTo("TicketCreationFailed");
        assertThat(payload(late).get("reason").asText()).contains("cancelled before it was created");
        assertThat(ticket(orderId, 200).get("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void shouldCreateOneTicketWhenTheSagaResendsCreateTicketUnderANewMessageId() throws Exception {
        String orderId = newOrderId();

        Map<String, Object> first = awaitReply(createTicket(orderId, "r-kitchen", 2));
        Map<String, Object> second = awaitReply(createTicket(orderId, "r-kitchen", 2));

        assertThat(first.get("message_type")).isEqualTo("TicketCreated");
        assertThat(second.get("message_type")).isEqualTo("TicketCreated");
        assertThat(payload(second).get("ticketId").asText()).isEqualTo(payload(first).get("ticketId").asText());
        assertThat(jdbc.queryForObject("select count(*) from kitchen.tickets where order_id = ?", Integer.class,
                orderId)).isEqualTo(1);
        assertThat(version(orderId)).as("the second CreateTicket changed nothing").isZero();
    }

    @Test
    void shouldShowAnOrdersTicketAndAProblemForAnOrderWithoutOne() throws Exception {
        HttpResponse<String> missing = get("/partners/api/v1/tickets/o-never-" + UUID.randomUUID());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(missing.body()).get("status").asInt()).isEqualTo(404);

        String orderId = newOrderId();
        awaitReply(createTicket(orderId, "r-kitchen", 3));
        JsonNode ticket = ticket(orderId, 200);
        assertThat(ticket.get("orderId").asText()).isEqualTo(orderId);
        assertThat(ticket.get("lineItems").get(0).get("quantity").asInt()).isEqualTo(3);
    }

    @Test
    void shouldApplyTheCommandsOfEachOrderInTheOrderTheyWereSent() throws Exception {
        // create, confirm, cancel of each order back to back, several orders interleaved, two competing consumers:
        // in order, each order ends confirmed with TicketCreated, Success, Failure; any reordering answers otherwise
        List<String> orders = new ArrayList<>();
        List<List<String>> messageIds = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(KITCHEN));
            for (int i = 0; i < 8; i++) {
                String orderId = newOrderId();
                orders.add(orderId);
                List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                        UUID.randomUUID().toString());
                messageIds.add(ids);
                producer.send(TestCommands.command(session, ids.get(0), "CreateTicket", "1.0", orderId,
                        createTicketBody(orderId, "r-kitchen", 1)));
                producer.send(TestCommands.command(session, ids.get(1), "ConfirmCreateTicket", "1.0", orderId,
                        "{\"orderId\":\"" + orderId + "\"}"));
                producer.send(TestCommands.command(session, ids.get(2), "CancelCreateTicket", "1.0", orderId,
                        "{\"orderId\":\"" + orderId + "\"}"));
            }
        }

        for (int i = 0; i < orders.size(); i++) {
            List<String> ids = messageIds.get(i);
            assertThat(List.of(awaitReply(ids.get(0)).get("message_type"), awaitReply(ids.get(1)).get("message_type"),
                    awaitReply(ids.get(2)).get("message_type"))).as(orders.get(i))
                    .containsExactly("TicketCreated", "Success", "Failure");
            assertThat(ticket(orders.get(i), 200).get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");
        }
    }

    @Test
    void shouldDeadLetterACommandWhoseOrderIsNotTheAggregateItIsAbout() throws Exception {
        String orderId = newOrderId();
        String messageId = UUID.randomUUID().toString();
        TestCommands.send(connectionFactory, KITCHEN, messageId, "CreateTicket", "o-someone-else",
                createTicketBody(orderId, "r-kitchen", 1));

        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ." + KITCHEN),
                    "messageId = '" + messageId + "'");
            Message dead = deadLetters.receive(20_000);
            assertThat(dead).as("dead letter").isNotNull();
            assertThat(dead.getStringProperty("hubDeadLetterReason")).contains("has aggregateId o-someone-else");
            assertThat(dead.getStringProperty("hubDeadLetterRoute")).isEqualTo("kitchen-commands");
        }
        assertThat(jdbc.queryForObject("select count(*) from kitchen.tickets where order_id = ?", Integer.class,
                orderId)).isZero();
        assertThat(replies(messageId)).isEmpty();
    }

    // ---- the cancel-order saga: semantic lock CANCEL_PENDING

    @Test
    void shouldCancelAnAcceptedTicketWhenTheCancelSagaBeginsAndConfirms() throws Exception {
        String orderId = confirmedTicket(2);
        assertThat(postTicket(orderId, "accept", HubSystemTest.OPERATOR_BASIC).statusCode()).isEqualTo(200);

        assertThat(reply(orderId, "BeginCancelTicket", orderBody(orderId))).isEqualTo("Success");
        JsonNode locked = ticket(orderId, 200);
        assertThat(locked.get("state").asText()).isEqualTo("CANCEL_PENDING");
        assertThat(locked.get("previousState").asText()).isEqualTo("ACCEPTED");
        assertThat(locked.has("pendingLineItems")).isFalse();
        // the saga re-sends its step under a new messageId: the lock is already its own
        assertThat(reply(orderId, "BeginCancelTicket", orderBody(orderId))).isEqualTo("Success");
        int lockedVersion = version(orderId);
        // while the lock is held the kitchen cannot start on the order
        HttpResponse<String> preparing = postTicket(orderId, "preparing", HubSystemTest.OPERATOR_BASIC);
        assertThat(preparing.statusCode()).isEqualTo(409);
        assertThat(preparing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(preparing.body()).get("detail").asText()).contains("is CANCEL_PENDING");

        assertThat(reply(orderId, "ConfirmCancelTicket", orderBody(orderId))).isEqualTo("Success");
        JsonNode cancelled = ticket(orderId, 200);
        assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.has("previousState")).isFalse();
        assertThat(reply(orderId, "ConfirmCancelTicket", orderBody(orderId))).as("re-sent").isEqualTo("Success");
        assertThat(version(orderId)).as("re-sends changed nothing").isEqualTo(lockedVersion + 1);
        Map<String, Object> undo = awaitReply(send(orderId, "UndoBeginCancelTicket", orderBody(orderId), null));
        assertThat(undo.get("message_type")).isEqualTo("Failure");
        assertThat(payload(undo).get("reason").asText()).isEqualTo("ticket of order " + orderId + " is CANCELLED: "
                + "the cancellation cannot be undone");
    }

    @Test
    void shouldRefuseToCancelOrReviseAnOrderTheKitchenHasStartedPreparing() throws Exception {
        String orderId = confirmedTicket(2);
        assertThat(postTicket(orderId, "accept", HubSystemTest.OPERATOR_BASIC).statusCode()).isEqualTo(200);
        assertThat(postTicket(orderId, "preparing", HubSystemTest.OPERATOR_BASIC).statusCode()).isEqualTo(200);

        Map<String, Object> cancel = awaitReply(send(orderId, "BeginCancelTicket", orderBody(orderId), null));
        Map<String, Object> revise = awaitReply(send(orderId, "BeginReviseTicket", revision(orderId, "dal", 3), null));

        for (Map<String, Object> refused : List.of(cancel, revise)) {
            assertThat(refused.get("message_type")).isEqualTo("Failure");
            assertThat(payload(refused).get("reason").asText())
                    .isEqualTo("the kitchen has started preparing order " + orderId);
        }
        JsonNode ticket = ticket(orderId, 200);
        assertThat(ticket.get("state").asText()).isEqualTo("PREPARING");
        assertThat(ticket.get("lineItems").get(0).get("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void shouldGiveTheTicketBackInTheStateItCameFromWhenTheCancelIsUndone() throws Exception {
        String orderId = confirmedTicket(1);
        assertThat(reply(orderId, "BeginCancelTicket", orderBody(orderId))).isEqualTo("Success");
        assertThat(ticket(orderId, 200).get("previousState").asText()).isEqualTo("AWAITING_ACCEPTANCE");

        assertThat(reply(orderId, "UndoBeginCancelTicket", orderBody(orderId))).isEqualTo("Success");
        assertThat(reply(orderId, "UndoBeginCancelTicket", orderBody(orderId))).as("re-sent").isEqualTo("Success");

        JsonNode restored = ticket(orderId, 200);
        assertThat(restored.get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");
        assertThat(restored.has("previousState")).isFalse();
        assertThat(version(orderId)).as("confirmed, locked, unlocked").isEqualTo(3);
        Map<String, Object> confirm = awaitReply(send(orderId, "ConfirmCancelTicket", orderBody(orderId), null));
        assertThat(confirm.get("message_type")).as("nothing to confirm after the undo").isEqualTo("Failure");
        // the lock is released: the kitchen goes on with the order
        assertThat(postTicket(orderId, "accept", HubSystemTest.OPERATOR_BASIC).statusCode()).isEqualTo(200);
    }

    // ---- the revise-order saga: semantic lock REVISION_PENDING

    @Test
    void shouldApplyTheRevisedQuantitiesWhenTheReviseSagaConfirms() throws Exception {
        String orderId = confirmedTicketOfDalAndNaan();
        assertThat(postTicket(orderId, "accept", HubSystemTest.OPERATOR_BASIC).statusCode()).isEqualTo(200);
        String revision = revision(orderId, "dal", 3);

        assertThat(reply(orderId, "BeginReviseTicket", revision)).isEqualTo("Success");
        JsonNode pending = ticket(orderId, 200);
        assertThat(pending.get("state").asText()).isEqualTo("REVISION_PENDING");
        assertThat(pending.get("previousState").asText()).isEqualTo("ACCEPTED");
        assertThat(pending.get("lineItems").toString()).as("the current quantities until confirmed")
                .isEqualTo("[{\"menuItemId\":\"dal\",\"quantity\":2},{\"menuItemId\":\"naan\",\"quantity\":1}]");
        assertThat(pending.get("pendingLineItems").toString())
                .isEqualTo("[{\"menuItemId\":\"dal\",\"quantity\":3},{\"menuItemId\":\"naan\",\"quantity\":1}]");
        assertThat(reply(orderId, "BeginReviseTicket", revision)).as("re-sent").isEqualTo("Success");
        int lockedVersion = version(orderId);

        assertThat(reply(orderId, "ConfirmReviseTicket", revision)).isEqualTo("Success");
        assertThat(reply(orderId, "ConfirmReviseTicket", revision)).as("re-sent").isEqualTo("Success");

        JsonNode revised = ticket(orderId, 200);
        assertThat(revised.get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(revised.get("lineItems").toString())
                .isEqualTo("[{\"menuItemId\":\"dal\",\"quantity\":3},{\"menuItemId\":\"naan\",\"quantity\":1}]");
        assertThat(revised.has("pendingLineItems")).isFalse();
        assertThat(revised.has("previousState")).isFalse();
        assertThat(version(orderId)).as("re-sends changed nothing").isEqualTo(lockedVersion + 1);
    }

    @Test
    void shouldKeepTheOldQuantitiesWhenTheRevisionIsUndone() throws Exception {
        String orderId = confirmedTicketOfDalAndNaan();
        String revision = revision(orderId, "naan", 4);
        assertThat(reply(orderId, "BeginReviseTicket", revision)).isEqualTo("Success");

        assertThat(reply(orderId, "UndoBeginReviseTicket", orderBody(orderId))).isEqualTo("Success");
        assertThat(reply(orderId, "UndoBeginReviseTicket", orderBody(orderId))).as("re-sent").isEqualTo("Success");

        JsonNode ticket = ticket(orderId, 200);
        assertThat(ticket.get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");
        assertThat(ticket.get("lineItems").toString())
                .isEqualTo("[{\"menuItemId\":\"dal\",\"quantity\":2},{\"menuItemId\":\"naan\",\"quantity\":1}]");
        assertThat(ticket.has("pendingLineItems")).isFalse();
        assertThat(version(orderId)).as("confirmed, locked, unlocked").isEqualTo(3);
        Map<String, Object> late = awaitReply(send(orderId, "ConfirmReviseTicket", revision, null));
        assertThat(late.get("message_type")).isEqualTo("Failure");
        assertThat(payload(late).get("reason").asText()).isEqualTo("ticket of order " + orderId
                + " is AWAITING_ACCEPTANCE: no revision is pending");
    }

    @Test
    void shouldRefuseEveryOtherChangeWhileASagaHoldsTheTicketsSemanticLock() throws Exception {
        String cancelling = confirmedTicketOfDalAndNaan();
        assertThat(reply(cancelling, "BeginCancelTicket", orderBody(cancelling))).isEqualTo("Success");
        assertThat(failure(cancelling, "BeginReviseTicket", revision(cancelling, "dal", 3)))
                .isEqualTo("ticket of order " + cancelling + " is CANCEL_PENDING");
        assertThat(reply(cancelling, "UndoBeginReviseTicket", orderBody(cancelling))).as("nothing of it to undo")
                .isEqualTo("Success");
        assertThat(ticket(cancelling, 200).get("state").asText()).isEqualTo("CANCEL_PENDING");

        String revising = confirmedTicketOfDalAndNaan();
        assertThat(reply(revising, "BeginReviseTicket", revision(revising, "dal", 3))).isEqualTo("Success");
        assertThat(failure(revising, "BeginCancelTicket", orderBody(revising)))
                .isEqualTo("ticket of order " + revising + " is REVISION_PENDING");
        assertThat(failure(revising, "BeginReviseTicket", revision(revising, "dal", 4))).as("another revision")
                .isEqualTo("ticket of order " + revising + " is REVISION_PENDING");
        assertThat(failure(revising, "ConfirmReviseTicket", revision(revising, "dal", 4)))
                .isEqualTo("ticket of order " + revising + " is REVISION_PENDING with other quantities");
        assertThat(failure(revising, "ConfirmCancelTicket", orderBody(revising)))
                .isEqualTo("ticket of order " + revising + " is REVISION_PENDING: no cancellation is pending");
        assertThat(reply(revising, "UndoBeginCancelTicket", orderBody(revising))).as("nothing of it to undo")
                .isEqualTo("Success");
        HttpResponse<String> accept = postTicket(revising, "accept", HubSystemTest.OPERATOR_BASIC);
        assertThat(accept.statusCode()).isEqualTo(409);
        assertThat(json.readTree(accept.body()).get("detail").asText()).contains("is REVISION_PENDING");

        JsonNode stillPending = ticket(revising, 200);
        assertThat(stillPending.get("state").asText()).isEqualTo("REVISION_PENDING");
        assertThat(stillPending.get("pendingLineItems").get(0).get("quantity").asInt()).isEqualTo(3);
        assertThat(version(revising)).as("confirmed, locked: the refusals changed nothing").isEqualTo(2);
    }

    @Test
    void shouldRefuseRevisionsTheKitchenCannotTakeAndChangesOfOrdersWithoutATicket() throws Exception {
        String orderId = confirmedTicketOfDalAndNaan();
        assertThat(failure(orderId, "BeginReviseTicket", revision(orderId, "tea", 1)))
                .isEqualTo("menu item tea is not on the ticket of order " + orderId);
        assertThat(failure(orderId, "BeginReviseTicket", revision(orderId, "dal", 0)))
                .isEqualTo("menu item dal: quantity 0 is not a portion count");
        assertThat(failure(orderId, "BeginReviseTicket", revision(orderId, "dal", 51)))
                .isEqualTo("menu item dal: 51 portions exceed the kitchen's limit of 50 per item");
        assertThat(failure(orderId, "BeginReviseTicket",
                "{\"orderId\":\"" + orderId + "\",\"revisedLineItemQuantities\":{}}"))
                .isEqualTo("a revision needs the quantity of at least one line item");
        assertThat(ticket(orderId, 200).get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");
        assertThat(version(orderId)).isEqualTo(1);

        String pending = newOrderId();
        assertThat(awaitReply(createTicket(pending, "r-kitchen", 1)).get("message_type")).isEqualTo("TicketCreated");
        assertThat(failure(pending, "BeginCancelTicket", orderBody(pending)))
                .isEqualTo("ticket of order " + pending + " is CREATE_PENDING");

        String unknown = newOrderId();
        assertThat(failure(unknown, "BeginCancelTicket", orderBody(unknown)))
                .isEqualTo("there is no ticket for order " + unknown);
        assertThat(failure(unknown, "BeginReviseTicket", revision(unknown, "dal", 1)))
                .isEqualTo("there is no ticket for order " + unknown);
        assertThat(reply(unknown, "UndoBeginCancelTicket", orderBody(unknown))).isEqualTo("Success");
        assertThat(reply(unknown, "UndoBeginReviseTicket", orderBody(unknown))).isEqualTo("Success");
        assertThat(jdbc.queryForObject("select count(*) from kitchen.tickets where order_id = ?", Integer.class,
                unknown)).as("no row for an order the kitchen does not know").isZero();
    }

    @Test
    void shouldDeadLetterARevisionWithoutItsQuantities() throws Exception {
        String orderId = confirmedTicket(1);
        String messageId = UUID.randomUUID().toString();
        TestCommands.send(connectionFactory, KITCHEN, messageId, "BeginReviseTicket", orderId, orderBody(orderId));

        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer deadLetters = session.createConsumer(session.createQueue("DLQ." + KITCHEN),
                    "messageId = '" + messageId + "'");
            Message dead = deadLetters.receive(20_000);
            assertThat(dead).as("dead letter").isNotNull();
            assertThat(dead.getStringProperty("hubDeadLetterReason")).contains("needs revisedLineItemQuantities");
        }
        assertThat(replies(messageId)).isEmpty();
        assertThat(ticket(orderId, 200).get("state").asText()).isEqualTo("AWAITING_ACCEPTANCE");
    }

    // ---- the kitchen's own steps (partner API)

    @Test
    void shouldLetTheKitchenAcceptAndThenPrepareATicketAndRefuseStepsOutOfTurn() throws Exception {
        HttpResponse<String> missing = postTicket("o-never-" + UUID.randomUUID(), "accept",
                HubSystemTest.OPERATOR_BASIC);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        String orderId = newOrderId();
        awaitReply(createTicket(orderId, "r-kitchen", 1));
        assertThat(postTicket(orderId, "accept", null).statusCode()).as("the partner write API needs a login")
                .isEqualTo(401);
        assertConflict(postTicket(orderId, "accept", HubSystemTest.OPERATOR_BASIC), "CREATE_PENDING");
        assertThat(reply(orderId, "ConfirmCreateTicket", orderBody(orderId))).isEqualTo("Success");
        assertConflict(postTicket(orderId, "preparing", HubSystemTest.OPERATOR_BASIC), "AWAITING_ACCEPTANCE");

        HttpResponse<String> accepted = postTicket(orderId, "accept", HubSystemTest.OPERATOR_BASIC);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(json.readTree(accepted.body()).get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(postTicket(orderId, "accept", HubSystemTest.OPERATOR_BASIC).statusCode()).as("again: unchanged")
                .isEqualTo(200);
        HttpResponse<String> preparing = postTicket(orderId, "preparing", HubSystemTest.OPERATOR_BASIC);
        assertThat(preparing.statusCode()).as(preparing.body()).isEqualTo(200);
        assertThat(json.readTree(preparing.body()).get("state").asText()).isEqualTo("PREPARING");
        assertThat(json.readTree(preparing.body()).get("ticketId").asText()).startsWith("t-");
        assertConflict(postTicket(orderId, "accept", HubSystemTest.OPERATOR_BASIC), "PREPARING");
        assertThat(ticket(orderId, 200).get("state").asText()).isEqualTo("PREPARING");
        assertThat(version(orderId)).as("confirmed, accepted, preparing").isEqualTo(3);
    }

    @Test
    void shouldShowInTheReadmeExactlyTheKitchenRouteThisSystemRuns() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ROUTE_FILE)) {
            assertThat(in).as(ROUTE_FILE + " on the classpath").isNotNull();
            String route = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(Files.readString(Path.of("../README.md"))).contains(route);
        }
    }

    // ---- playing the order service

    private static String newOrderId() {
        return "o-" + UUID.randomUUID();
    }

    private String createTicket(String orderId, String restaurantId, int quantity) throws Exception {
        return send(orderId, "CreateTicket", createTicketBody(orderId, restaurantId, quantity), null);
    }

    private static String createTicketBody(String orderId, String restaurantId, int quantity) {
        return "{\"orderId\":\"%s\",\"restaurantId\":\"%s\",\"lineItems\":[{\"menuItemId\":\"dal\",\"quantity\":%d}]}"
                .formatted(orderId, restaurantId, quantity);
    }

    /** A new command (new messageId) about the order; with a sagaId when given. */
    private String send(String orderId, String type, String body, String sagaId) throws Exception {
        String messageId = UUID.randomUUID().toString();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage command = TestCommands.command(session, messageId, type, "1.0", orderId, body);
            if (sagaId != null) {
                command.setStringProperty("sagaId", sagaId);
            }
            session.createProducer(session.createQueue(KITCHEN)).send(command);
        }
        return messageId;
    }

    /** A confirmed ticket (AWAITING_ACCEPTANCE) of a new order: quantity portions of dal. */
    private String confirmedTicket(int quantity) throws Exception {
        String orderId = newOrderId();
        assertThat(awaitReply(createTicket(orderId, "r-kitchen", quantity)).get("message_type"))
                .isEqualTo("TicketCreated");
        assertThat(reply(orderId, "ConfirmCreateTicket", orderBody(orderId))).isEqualTo("Success");
        return orderId;
    }

    /** A confirmed ticket of a new order: 2 dal, 1 naan. */
    private String confirmedTicketOfDalAndNaan() throws Exception {
        String orderId = newOrderId();
        assertThat(awaitReply(send(orderId, "CreateTicket", """
                {"orderId":"%s","restaurantId":"r-kitchen","lineItems":[{"menuItemId":"dal","quantity":2},
                {"menuItemId":"naan","quantity":1}]}""".formatted(orderId), null)).get("message_type"))
                .isEqualTo("TicketCreated");
        assertThat(reply(orderId, "ConfirmCreateTicket", orderBody(orderId))).isEqualTo("Success");
        return orderId;
    }

    private static String orderBody(String orderId) {
        return "{\"orderId\":\"" + orderId + "\"}";
    }

    private static String revision(String orderId, String menuItemId, int quantity) {
        return "{\"orderId\":\"%s\",\"revisedLineItemQuantities\":{\"%s\":%d}}".formatted(orderId, menuItemId,
                quantity);
    }

    /** Sends a new command (new messageId) and waits for its reply: the reply's messageType. */
    private String reply(String orderId, String type, String body) throws Exception {
        return (String) awaitReply(send(orderId, type, body, null)).get("message_type");
    }

    /** Sends a new command that must be answered Failure: its reason. */
    private String failure(String orderId, String type, String body) throws Exception {
        Map<String, Object> reply = awaitReply(send(orderId, type, body, null));
        assertThat(reply.get("message_type")).as(type + " answered").isEqualTo("Failure");
        return payload(reply).get("reason").asText();
    }

    private Map<String, Object> awaitReply(String messageId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !replies(messageId).isEmpty());
        List<Map<String, Object>> replies = replies(messageId);
        assertThat(replies).as("one reply to " + messageId).hasSize(1);
        return replies.get(0);
    }

    private List<Map<String, Object>> replies(String messageId) {
        return jdbc.queryForList("select message_type, payload, destination, aggregate_type, aggregate_id, saga_id "
                + "from kitchen.outbox where correlation_id = ?", messageId);
    }

    private JsonNode payload(Map<String, Object> reply) throws Exception {
        return json.readTree((String) reply.get("payload"));
    }

    private int version(String orderId) {
        return jdbc.queryForObject("select version from kitchen.tickets where order_id = ?", Integer.class, orderId);
    }

    // ---- the partner API

    private JsonNode ticket(String orderId, int status) throws Exception {
        HttpResponse<String> response = get("/partners/api/v1/tickets/" + orderId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** POST /partners/api/v1/tickets/{orderId}/{step} (accept, preparing) with the given Authorization or none. */
    private HttpResponse<String> postTicket(String orderId, String step, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/partners/api/v1/tickets/" + orderId + "/" + step)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertConflict(HttpResponse<String> response, String state) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("detail").asText()).contains(" is " + state + ";");
    }

    private HttpResponse<String> putKitchen(String restaurantId, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/partners/api/v1/kitchens/" + restaurantId)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
