package io.integrationhub.order.saga;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The saga tables ({@code orders.saga_instance}, {@code orders.saga_step}); plain JDBC with bound parameters. */
@Repository
class SagaRepository {

    private static final String INSTANCE_COLUMNS = "id::text, saga_type, order_id, state, current_step, data::text, "
            + "deadline, attempts, failure_reason, failed_because, trace_parent, version, created_at, updated_at, ended_at";
    private static final String STEP_COLUMNS = "id, saga_id::text, step, step_name, direction, participant, "
            + "command_type, command_message_id::text, attempt, outcome, reply_type, reply_message_id, detail, sent_at, "
            + "replied_at";

    private final JdbcTemplate jdbc;

    SagaRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(SagaInstance saga) {
        jdbc.update("insert into orders.saga_instance (id, saga_type, order_id, state, current_step, data, deadline, "
                + "attempts, trace_parent) values (?::uuid, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)", saga.id(), saga.type(),
                saga.orderId(), saga.state().name(), saga.currentStep(), saga.data(), saga.deadline(), saga.attempts(),
                saga.traceParent());
    }

    /** Writes the saga's new state, optimistically locked on the version it was read with. */
    void update(SagaInstance saga) {
        int updated = jdbc.update("update orders.saga_instance set state = ?, current_step = ?, data = ?::jsonb, "
                + "deadline = ?, attempts = ?, failure_reason = ?, failed_because = ?, version = version + 1, "
                + "updated_at = now(), "
                + "ended_at = case when ? then coalesce(ended_at, now()) else null end "
                + "where id = ?::uuid and version = ?", saga.state().name(), saga.currentStep(), saga.data(),
                saga.deadline(), saga.attempts(), truncate(saga.failureReason()), truncate(saga.failedBecause()),
                !saga.state().isActive(), saga.id(),
                saga.version());
        if (updated != 1) {
            throw new OptimisticLockingFailureException("saga " + saga.id() + " changed since version "
                    + saga.version());
        }
    }

    /** Reads and row-locks the saga: replies, deadlines and operators change one saga one at a time. */
    Optional<SagaInstance> lock(String sagaId) {
        return jdbc.query("select " + INSTANCE_COLUMNS + " from orders.saga_instance where id = ?::uuid for update",
                INSTANCE, sagaId).stream().findFirst();
    }

    /**
     * Row-locks the saga that sent the command, found through its step-log row: one round trip where reading the step
     * first and then locking its saga took two (the step is read again under the lock, as before).
     */
    Optional<SagaInstance> lockByCommand(String commandMessageId) {
        return jdbc.query("select " + INSTANCE_COLUMNS + " from orders.saga_instance where id = (select saga_id from "
                + "orders.saga_step where command_message_id = ?::uuid) for update", INSTANCE, commandMessageId)
                .stream().findFirst();
    }

    Optional<SagaInstance> find(String sagaId) {
        return jdbc.query("select " + INSTANCE_COLUMNS + " from orders.saga_instance where id = ?::uuid", INSTANCE,
                sagaId).stream().findFirst();
    }

    /** Active sagas past their deadline, locked; rows another instance is working on are skipped. */
    List<String> lockDue(int limit) {
        return jdbc.queryForList("select id::text from orders.saga_instance where state in ('RUNNING', "
                + "'COMPENSATING') and deadline <= now() order by deadline limit ? for update skip locked",
                String.class, limit);
    }

    void postpone(String sagaId, java.time.Duration by) {
        jdbc.update("update orders.saga_instance set deadline = now() + ? * interval '1 millisecond' where id = ?::uuid",
                by.toMillis(), sagaId);
    }

    List<SagaInstance> list(String state, String type, int limit, int offset) {
        return jdbc.query("select " + INSTANCE_COLUMNS + " from orders.saga_instance where (?::text is null or "
                + "state = ?) and (?::text is null or saga_type = ?) order by created_at desc, id limit ? offset ?",
                INSTANCE, state, state, type, type, limit, offset);
    }

    long count(String state, String type) {
        return jdbc.queryForObject("select count(*) from orders.saga_instance where (?::text is null or state = ?) "
                + "and (?::text is null or saga_type = ?)", Long.class, state, state, type, type);
    }

    List<SagaInstance> findByOrder(long orderId) {
        return jdbc.query("select " + INSTANCE_COLUMNS + " from orders.saga_instance where order_id = ? "
                + "order by created_at", INSTANCE, orderId);
    }

    /** Sagas by type and state, and how many active ones are past their deadline (for the metrics). */
    List<Map<String, Object>> countsByTypeAndState() {
        return jdbc.queryForList("select saga_type, state, count(*) as sagas, count(*) filter (where state in "
                + "('RUNNING', 'COMPENSATING') and deadline < now()) as overdue from orders.saga_instance "
                + "group by saga_type, state");
    }

    /** A command sent for a step: its step-log row, waiting for the reply. */
    record SentCommand(String participant, String commandType, UUID commandMessageId) {
    }

    /** The step-log rows of commands sent together, in one JDBC batch (one round trip for all of them). */
    void insertSteps(String sagaId, int step, String stepName, String direction, int attempt,
            List<SentCommand> commands) {
        jdbc.batchUpdate("insert into orders.saga_step (saga_id, step, step_name, direction, participant, "
                + "command_type, command_message_id, attempt, outcome) values (?::uuid, ?, ?, ?, ?, ?, ?, ?, 'SENT')",
                commands.stream().map(c -> new Object[] { sagaId, step, stepName, direction, c.participant(),
                        c.commandType(), c.commandMessageId(), attempt }).toList());
    }

    Optional<SagaStepRecord> findStepByCommand(String commandMessageId) {
        return jdbc.query("select " + STEP_COLUMNS + " from orders.saga_step where command_message_id = ?::uuid",
                STEP, commandMessageId).stream().findFirst();
    }

    List<SagaStepRecord> steps(String sagaId) {
        return jdbc.query("select " + STEP_COLUMNS + " from orders.saga_step where saga_id = ?::uuid order by id",
                STEP, sagaId);
    }

    /** The command types of a step that have a SUCCEEDED forward row. */
    java.util.Set<String> succeededCommands(String sagaId, int step) {
        return new java.util.HashSet<>(jdbc.queryForList("select distinct command_type from orders.saga_step where "
                + "saga_id = ?::uuid and step = ? and direction = 'FORWARD' and outcome = 'SUCCEEDED'", String.class,
                sagaId, step));
    }

    /** Whether a compensation of the step was ever sent (e.g. for a late success). */
    boolean compensationSent(String sagaId, int step) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from orders.saga_step where saga_id = "
                + "?::uuid and step = ? and direction = 'COMPENSATION')", Boolean.class, sagaId, step));
    }

    void answerStep(long stepId, String outcome, String replyType, String replyMessageId, String detail) {
        jdbc.update("update orders.saga_step set outcome = ?, reply_type = ?, reply_message_id = ?, detail = ?, "
                + "replied_at = now() where id = ?", outcome, replyType, replyMessageId, truncate(detail), stepId);
    }

    /** Records a reply that came after its command stopped waiting: kept in the log, applied to nothing. */
    void recordLateReply(long stepId, String replyType, String replyMessageId) {
        jdbc.update("update orders.saga_step set reply_type = coalesce(reply_type, ?), reply_message_id = "
                + "coalesce(reply_message_id, ?), replied_at = coalesce(replied_at, now()), detail = coalesce(detail, "
                + "'late reply, ignored') where id = ?", replyType, replyMessageId, stepId);
    }

    /** Closes the commands of a step still waiting, e.g. TIMED_OUT when the saga stops waiting for them. */
    void closeWaiting(String sagaId, int step, String direction, String commandType, String outcome,
            String detail) {
        jdbc.update("update orders.saga_step set outcome = ?, detail = ? where saga_id = ?::uuid and step = ? and "
                + "direction = ? and (?::text is null or command_type = ?) and outcome = 'SENT'", outcome,
                truncate(detail), sagaId, step, direction, commandType, commandType);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    private static final RowMapper<SagaInstance> INSTANCE = (rs, n) -> new SagaInstance(rs.getString(1),
            rs.getString(2), rs.getLong(3), SagaState.valueOf(rs.getString(4)), rs.getInt(5), rs.getString(6),
            time(rs, 7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getInt(12), time(rs, 13),
            time(rs, 14), time(rs, 15));

    private static final RowMapper<SagaStepRecord> STEP = (rs, n) -> new SagaStepRecord(rs.getLong(1),
            rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
            rs.getString(8), rs.getInt(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
            time(rs, 14), time(rs, 15));

    private static OffsetDateTime time(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }
}
