package io.integrationhub.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

/** Messages of the benchmark: a JSON payload of a fixed size and the envelope the outbox relay puts around it. */
final class Payloads {

    static final String MESSAGE_TYPE = "BenchEvent";
    static final String AGGREGATE_TYPE = "Bench";
    static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final String INSERT_OUTBOX = "insert into " + HubUnderTest.SCHEMA + ".outbox (message_id, destination, "
            + "message_type, message_version, aggregate_type, aggregate_id, trace_parent, payload) "
            + "values (?, ?, ?, '1.0', ?, ?, ?, ?)";

    private Payloads() {
    }

    /** {@code {"seq":…,"aggregateId":"…","sentAt":…,"data":"…"}}, padded to exactly {@code bytes} (ASCII). */
    static String json(int seq, String aggregateId, long sentAt, int bytes) {
        String head = "{\"seq\":" + seq + ",\"aggregateId\":\"" + aggregateId + "\",\"sentAt\":" + sentAt
                + ",\"data\":\"";
        String tail = "\"}";
        int pad = Math.max(0, bytes - head.length() - tail.length());
        StringBuilder sb = new StringBuilder(bytes).append(head);
        for (int i = 0; i < pad; i++) {
            sb.append((char) ('a' + (i + seq) % 26));
        }
        return sb.append(tail).toString();
    }

    /** The seq of a payload written by {@link #json}. */
    static int seq(String json) {
        int start = json.indexOf(':') + 1;
        return Integer.parseInt(json, start, json.indexOf(',', start), 10);
    }

    static String aggregate(int seq, int aggregates) {
        return "agg-" + (seq % aggregates);
    }

    static PreparedStatement prepareInsert(Connection connection) throws SQLException {
        return connection.prepareStatement(INSERT_OUTBOX);
    }

    /** Binds one outbox row as OutboxWriter would write it. */
    static void bind(PreparedStatement insert, String queue, String aggregateId, String payload) throws SQLException {
        insert.setObject(1, UUID.randomUUID());
        insert.setString(2, "queue:" + queue);
        insert.setString(3, MESSAGE_TYPE);
        insert.setString(4, AGGREGATE_TYPE);
        insert.setString(5, aggregateId);
        insert.setString(6, TRACE_PARENT);
        insert.setString(7, payload);
    }

    /** The same JMS properties OutboxRoutes.toEnvelope sets (Camel encodes '-' in names as _HYPHEN_). */
    static void envelope(TextMessage message, String messageId, String aggregateId) throws JMSException {
        message.setStringProperty("messageId", messageId);
        message.setStringProperty("messageType", MESSAGE_TYPE);
        message.setStringProperty("messageVersion", "1.0");
        message.setStringProperty("aggregateType", AGGREGATE_TYPE);
        message.setStringProperty("aggregateId", aggregateId);
        message.setStringProperty("JMSXGroupID", aggregateId);
        message.setStringProperty("Content_HYPHEN_Type", "application/json");
        message.setStringProperty("traceparent", TRACE_PARENT);
    }
}
