package io.integrationhub.order.saga;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.integrationhub.order.orders.OrderMessages;
import io.integrationhub.routes.messaging.Channels;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.messaging.PoisonMessageException;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.integrationhub.routes.rest.ProblemException;

/**
 * Runs {@link SagaDefinition}s durably. Every change to a saga — start, a reply, a passed deadline, an operator's
 * action — happens in ONE database transaction with the saga row (row-locked), its step log, what the definition's
 * handlers change (the order) and the outbox rows of the next commands: a crash at any point either keeps all of it
 * or none, and a redelivered reply finds the step already answered.
 *
 * <p>Every command carries the {@code sagaId}; a reply is matched by its JMSCorrelationID (the command's messageId)
 * to its step-log row. A reply to no command of this service is poison (dead-lettered with the reason); a reply to a
 * command the saga no longer waits for (repeated, late, superseded by a re-send) is acknowledged, recorded in the log
 * and counted, never applied twice. One exception: a success reply for a step the saga gave up on (deadline) means
 * the participant did act after all, so its compensation is sent — no ticket or authorization is left behind.
 */
@Service
public class SagaOrchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(SagaOrchestrator.class);

    private final Map<String, SagaDefinition<?>> definitions = new ConcurrentHashMap<>();
    private final SagaRepository sagas;
    private final OutboxWriter outbox;
    private final Channels channels;
    private final ObjectMapper json;
    private final SagaSettings settings;
    private final SagaMetrics metrics;
    private final TransactionTemplate transactions;

    SagaOrchestrator(SagaRepository sagas, @Qualifier("ordersOutbox") OutboxWriter outbox, Channels channels,
            ObjectMapper json, SagaSettings settings, SagaMetrics metrics, PlatformTransactionManager transactions) {
        this.transactions = new TransactionTemplate(transactions);
        this.sagas = sagas;
        this.outbox = outbox;
        this.channels = channels;
        this.json = json;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Makes a saga type runnable: replies and deadlines of its instances find their definition by type. */
    public void register(SagaDefinition<?> definition) {
        if (definitions.putIfAbsent(definition.type(), definition) != null) {
            throw new IllegalStateException("saga type " + definition.type() + " is defined twice");
        }
        metrics.register(definition);
    }

    /** The registered saga types, sorted. */
    public List<String> types() {
        return definitions.keySet().stream().sorted().toList();
    }

    /** The name of a saga's step, or null past the last one. */
    public String stepName(SagaInstance saga) {
        SagaDefinition<?> definition = definitions.get(saga.type());
        return definition == null || saga.currentStep() >= definition.steps().size() ? null
                : definition.step(saga.currentStep()).name();
    }

    /** Every reply type of every registered saga: what order.replies accepts. */
    public List<String> replyTypes() {
        return definitions.values().stream().flatMap(d -> d.replyTypes().stream()).distinct().sorted().toList();
    }

    /**
     * Starts a saga in the caller's transaction: its row and its first step's commands commit with the caller. The row
     * is written once, complete (first step, its deadline): no other transaction can see it before the commit, so
     * there is nothing to lock, no answered command to look up and nothing to update — three round trips fewer on
     * every order intake.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <D> String start(SagaDefinition<D> definition, long orderId, D data, String traceParent) {
        String id = UUID.randomUUID().toString();
        SagaDefinition.Step<D> first = definition.step(0);
        OffsetDateTime deadline = OffsetDateTime.now().plus(settings.deadline(first.name(), false));
        SagaInstance saga = new SagaInstance(id, definition.type(), orderId, SagaState.RUNNING, 0, write(data),
                deadline, 1, null, null, traceParent, 0, null, null, null);
        sagas.insert(saga);
        sendCommands(new Run<>(definition, saga, data), 0, first, first.commands(), false);
        return id;
    }

    /** Applies a reply from order.replies (inside the consuming route's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void onReply(Envelope reply, String body) throws Exception {
        String correlationId = reply.correlationId();
        if (correlationId == null || !isUuid(correlationId)) {
            throw new PoisonMessageException(reply.messageType() + " has no JMSCorrelationID naming a command this "
                    + "service sent (found '" + correlationId + "')");
        }
        // lock first, then read the step under the lock: a concurrent reply or deadline may have closed it meanwhile
        SagaInstance saga = sagas.lockByCommand(correlationId).orElseThrow(() -> new PoisonMessageException(
                reply.messageType() + " with JMSCorrelationID " + correlationId + " answers no command this service "
                        + "sent"));
        SagaStepRecord row = sagas.findStepByCommand(correlationId).orElseThrow();
        if (reply.sagaId() != null && !reply.sagaId().equals(row.sagaId())) {
            throw new PoisonMessageException(reply.messageType() + " names saga " + reply.sagaId() + " but answers "
                    + row.commandType() + " of saga " + row.sagaId());
        }
        apply(definition(saga), saga, row, reply, body);
    }

    private <D> void apply(SagaDefinition<D> definition, SagaInstance saga, SagaStepRecord row, Envelope reply,
            String body) throws Exception {
        SagaDefinition.Step<D> step = definition.step(row.step());
        SagaDefinition.Command<D> command = row.isForward() ? step.command(row.commandType()) : step.compensation();
        if (command == null || !command.answeredBy(reply.messageType())) {
            throw new PoisonMessageException(reply.messageType() + " is not an answer to " + row.commandType()
                    + " (expected " + (command == null ? "nothing" : command.successReply() + " or "
                            + command.failureReply()) + ")");
        }
        boolean success = reply.messageType().equals(command.successReply());
        JsonNode payload = json.readTree(body == null || body.isBlank() ? "{}" : body);
        String reason = success ? null : payload.path("reason").asText(row.commandType() + " refused");
        Run<D> run = load(saga, definition);

        if (!row.isWaiting()) {
            sagas.recordLateReply(row.id(), reply.messageType(), reply.messageId());
            boolean late = SagaStepRecord.TIMED_OUT.equals(row.outcome());
            metrics.ignoredReply(definition.type(), late ? "late" : "repeated");
            LOG.info("{} for saga {} ({} {}) ignored: the command was already {}", reply.messageType(), saga.id(),
                    definition.type(), step.name(), row.outcome());
            if (late && success && row.isForward() && step.compensation() != null && !stepSucceeded(run, row.step())
                    && !sagas.compensationSent(run.id, row.step())) {
                LOG.warn("{} of saga {} succeeded after the saga gave up on step {}: sending {}", row.commandType(),
                        saga.id(), step.name(), step.compensation().commandType());
                sendCommand(run, row.step(), step, step.compensation(), true);
            }
            return;
        }
        metrics.stepAnswered(definition.type(), step.name(), row.direction(), success,
                Duration.between(row.sentAt(), OffsetDateTime.now()));
        sagas.answerStep(row.id(), success ? SagaStepRecord.SUCCEEDED : SagaStepRecord.FAILED, reply.messageType(),
                reply.messageId(), reason);
        boolean current = row.step() == run.step
                && (row.isForward() ? run.state == SagaState.RUNNING : run.state == SagaState.COMPENSATING);
        if (!current) {
            // a compensation sent for a late success (above): its outcome is logged, the saga's state is not its own
            if (!success) {
                LOG.error("Compensation {} of saga {} after a late success failed: {} — the participant keeps the "
                        + "effect of {}; see GET /api/v1/admin/sagas/{}", row.commandType(), saga.id(), reason,
                        step.name(), saga.id());
            }
            return;
        }
        if (row.isForward()) {
            sagas.closeWaiting(run.id, row.step(), row.direction(), row.commandType(), SagaStepRecord.SUPERSEDED,
                    "another send of " + row.commandType() + " was answered first");
            if (success) {
                command.onSuccess().apply(run.data, payload, run.context());
                if (stepSucceeded(run, row.step())) {
                    advance(run);
                }
            } else {
                sagas.closeWaiting(run.id, row.step(), row.direction(), null, SagaStepRecord.TIMED_OUT,
                        "step " + step.name() + " failed: " + reason);
                compensate(run, reason);
            }
        } else {
            sagas.closeWaiting(run.id, row.step(), row.direction(), null, SagaStepRecord.SUPERSEDED,
                    "another send of " + row.commandType() + " was answered first");
            if (success) {
                compensateFrom(run, row.step() - 1);
            } else if (run.attempts >= settings.maxAttempts(step.name(), true)) {
                fail(run, row.commandType() + " failed " + run.attempts + " times: " + reason);
            } else {
                LOG.warn("{} of saga {} failed ({}); sending it again in {}", row.commandType(), run.id, reason,
                        settings.getRetryDelay());
                run.deadline = OffsetDateTime.now().plus(settings.getRetryDelay());
            }
        }
        save(run);
    }

    /**
     * Handles sagas past their deadline, each in its own transaction, locked with SKIP LOCKED so several instances
     * share the work: re-send the step's unanswered commands, or after the last attempt give up on the step
     * (compensate; FAILED if it was a compensation).
     *
     * @return how many sagas were handled
     */
    public int handleDeadlines() {
        int handled = 0;
        while (handled < settings.getScanBatch()) {
            String[] current = new String[1];
            try {
                Boolean found = transactions.execute(tx -> {
                    List<String> due = sagas.lockDue(1);
                    if (due.isEmpty()) {
                        return false;
                    }
                    current[0] = due.get(0);
                    SagaInstance saga = sagas.lock(current[0]).orElseThrow();
                    try {
                        deadlinePassed(definition(saga), saga);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return true;
                });
                if (!Boolean.TRUE.equals(found)) {
                    break;
                }
            } catch (RuntimeException e) {
                // one saga's bug must not stop the others: look at it again after the retry delay
                LOG.error("Saga {}: handling its deadline failed; trying again in {}", current[0],
                        settings.getRetryDelay(), e);
                if (current[0] != null) {
                    transactions.executeWithoutResult(tx -> sagas.postpone(current[0], settings.getRetryDelay()));
                }
            }
            handled++;
        }
        return handled;
    }

    private <D> void deadlinePassed(SagaDefinition<D> definition, SagaInstance saga) throws Exception {
        Run<D> run = load(saga, definition);
        SagaDefinition.Step<D> step = definition.step(run.step);
        boolean compensating = run.state == SagaState.COMPENSATING;
        String direction = compensating ? SagaStepRecord.COMPENSATION : SagaStepRecord.FORWARD;
        if (run.attempts < settings.maxAttempts(step.name(), compensating)) {
            run.attempts++;
            LOG.warn("Saga {} ({} {}{}): no reply by its deadline; sending attempt {} of {}", run.id,
                    definition.type(), step.name(), compensating ? ", compensating" : "", run.attempts,
                    settings.maxAttempts(step.name(), compensating));
            metrics.resent(definition.type(), step.name());
            send(run, run.step, compensating);
        } else {
            String why = "no reply to " + (compensating ? step.compensation().commandType()
                    : String.join(" / ", unanswered(run, run.step))) + " within "
                    + settings.deadline(step.name(), compensating).toSeconds() + " s, " + run.attempts + " attempt(s)";
            sagas.closeWaiting(run.id, run.step, direction, null, SagaStepRecord.TIMED_OUT, why);
            metrics.timedOut(definition.type(), step.name());
            LOG.warn("Saga {} ({} {}): {}; {}", run.id, definition.type(), step.name(), why,
                    compensating ? "the saga FAILED" : "compensating");
            if (compensating) {
                fail(run, why);
            } else {
                compensate(run, why);
            }
        }
        save(run);
    }

    /** Operator: send the current step's unanswered commands again now; a FAILED saga resumes compensating. */
    @Transactional
    public SagaInstance retry(String sagaId) throws Exception {
        SagaInstance saga = lockForOperator(sagaId);
        return retry(definition(saga), saga);
    }

    private <D> SagaInstance retry(SagaDefinition<D> definition, SagaInstance saga) throws Exception {
        Run<D> run = load(saga, definition);
        if (!run.state.isActive() && run.state != SagaState.FAILED) {
            throw ProblemException.conflict("Saga " + run.id + " is " + run.state + ": nothing to retry.");
        }
        if (run.state == SagaState.FAILED) {
            run.state = SagaState.COMPENSATING;
            run.failedBecause = null;
        }
        run.attempts = 1;
        LOG.warn("Saga {}: an operator retries step {}", run.id, definition.step(run.step).name());
        send(run, run.step, run.state == SagaState.COMPENSATING);
        save(run);
        return sagas.find(run.id).orElseThrow();
    }

    /** Operator: stop a running saga and compensate it now; a FAILED saga sends its compensation again. */
    @Transactional
    public SagaInstance compensateNow(String sagaId) throws Exception {
        SagaInstance saga = lockForOperator(sagaId);
        return compensateNow(definition(saga), saga);
    }

    private <D> SagaInstance compensateNow(SagaDefinition<D> definition, SagaInstance saga) throws Exception {
        Run<D> run = load(saga, definition);
        if (run.state != SagaState.RUNNING) {
            return retry(definition, saga);
        }
        LOG.warn("Saga {}: an operator compensates it at step {}", run.id, definition.step(run.step).name());
        sagas.closeWaiting(run.id, run.step, SagaStepRecord.FORWARD, null, SagaStepRecord.TIMED_OUT,
                "compensated by an operator");
        compensate(run, "compensated by an operator at step " + definition.step(run.step).name());
        save(run);
        return sagas.find(run.id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public void refreshGauges() {
        Map<String, long[]> overdue = new java.util.HashMap<>();
        definitions.keySet().forEach(type -> {
            for (SagaState state : SagaState.values()) {
                metrics.refresh(type, state, 0);
            }
            overdue.put(type, new long[1]);
        });
        for (Map<String, Object> row : sagas.countsByTypeAndState()) {
            String type = (String) row.get("saga_type");
            metrics.refresh(type, SagaState.valueOf((String) row.get("state")), ((Number) row.get("sagas")).longValue());
            overdue.computeIfAbsent(type, t -> new long[1])[0] += ((Number) row.get("overdue")).longValue();
        }
        overdue.forEach((type, count) -> metrics.refreshOverdue(type, count[0]));
    }

    // --- the saga's moves

    private <D> void advance(Run<D> run) throws Exception {
        int next = run.step + 1;
        if (next == run.definition.steps().size()) {
            run.state = SagaState.COMPLETED;
            run.deadline = null;
            run.definition.onCompleted().apply(run.data, run.context());
            LOG.info("Saga {} ({}) COMPLETED", run.id, run.definition.type());
            return;
        }
        run.step = next;
        run.attempts = 1;
        // a saga enters each step forward once (compensating never turns back to RUNNING): no command of this step
        // has been sent yet, so none succeeded — nothing to look up
        SagaDefinition.Step<D> step = run.definition.step(next);
        sendCommands(run, next, step, step.commands(), false);
        run.deadline = OffsetDateTime.now().plus(settings.deadline(step.name(), false));
    }

    /** Gives up going forward: undo the completed steps, last first. */
    private <D> void compensate(Run<D> run, String reason) throws Exception {
        run.state = SagaState.COMPENSATING;
        run.failureReason = reason;
        compensateFrom(run, run.step - 1);
    }

    private <D> void compensateFrom(Run<D> run, int from) throws Exception {
        for (int index = from; index >= 0; index--) {
            if (run.definition.step(index).compensation() != null) {
                run.step = index;
                run.attempts = 1;
                send(run, index, true);
                return;
            }
        }
        run.state = SagaState.COMPENSATED;
        run.deadline = null;
        run.definition.onCompensated().apply(run.data, run.context());
        LOG.info("Saga {} ({}) COMPENSATED: {}", run.id, run.definition.type(), run.failureReason);
    }

    private void fail(Run<?> run, String because) {
        run.state = SagaState.FAILED;
        run.deadline = null;
        run.failedBecause = because;
        LOG.error("Saga {} ({}) FAILED while compensating: {} — it waits for an operator: GET /api/v1/admin/sagas/{}",
                run.id, run.definition.type(), because, run.id);
    }

    /** Sends the step's commands (forward: those not yet answered with success; or its compensation). */
    private <D> void send(Run<D> run, int index, boolean compensation) throws Exception {
        SagaDefinition.Step<D> step = run.definition.step(index);
        if (compensation) {
            sendCommand(run, index, step, step.compensation(), true);
        } else {
            Set<String> succeeded = sagas.succeededCommands(run.id, index);
            sendCommands(run, index, step, step.commands().stream()
                    .filter(command -> !succeeded.contains(command.commandType())).toList(), false);
        }
        run.deadline = OffsetDateTime.now().plus(settings.deadline(step.name(), compensation));
    }

    private <D> void sendCommand(Run<D> run, int index, SagaDefinition.Step<D> step, SagaDefinition.Command<D> command,
            boolean compensation) {
        sendCommands(run, index, step, List.of(command), compensation);
    }

    /** The commands' outbox rows, then their step-log rows: two batches, whatever the number of commands. */
    private <D> void sendCommands(Run<D> run, int index, SagaDefinition.Step<D> step,
            List<SagaDefinition.Command<D>> commands, boolean compensation) {
        if (commands.isEmpty()) {
            return;
        }
        List<UUID> messageIds = outbox.appendAll(commands.stream().map(command -> new OutboxMessage(
                "queue:" + command.channel(), command.commandType(), OrderMessages.VERSION,
                OrderMessages.AGGREGATE_TYPE, String.valueOf(run.orderId), channels.getOrderReplies(), null, run.id,
                run.traceParent, write(command.payload().apply(run.data)))).toList());
        List<SagaRepository.SentCommand> sent = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            sent.add(new SagaRepository.SentCommand(commands.get(i).channel(), commands.get(i).commandType(),
                    messageIds.get(i)));
        }
        sagas.insertSteps(run.id, index, step.name(), compensation ? SagaStepRecord.COMPENSATION
                : SagaStepRecord.FORWARD, run.attempts, sent);
    }

    private boolean stepSucceeded(Run<?> run, int index) {
        return unanswered(run, index).isEmpty();
    }

    /** The step's forward commands without a SUCCEEDED reply (one query, whatever the number of commands). */
    private List<String> unanswered(Run<?> run, int index) {
        Set<String> succeeded = sagas.succeededCommands(run.id, index);
        return run.definition.step(index).commands().stream().map(SagaDefinition.Command::commandType)
                .filter(type -> !succeeded.contains(type)).toList();
    }

    // --- loading and saving

    private SagaInstance lockForOperator(String sagaId) {
        if (!isUuid(sagaId)) {
            throw ProblemException.notFound("Saga '" + sagaId + "' does not exist.");
        }
        return sagas.lock(sagaId).orElseThrow(() -> ProblemException.notFound("Saga '" + sagaId + "' does not exist."));
    }

    private SagaDefinition<?> definition(SagaInstance saga) {
        SagaDefinition<?> definition = definitions.get(saga.type());
        if (definition == null) {
            throw new IllegalStateException("saga " + saga.id() + " has type " + saga.type() + ", which this version "
                    + "of order-app does not define");
        }
        return definition;
    }

    @SuppressWarnings("unchecked")
    private <D> Run<D> load(SagaInstance saga, SagaDefinition<D> definition) throws Exception {
        return new Run<>(definition, saga, json.readValue(saga.data(), definition.dataType()));
    }

    private void save(Run<?> run) throws Exception {
        sagas.update(new SagaInstance(run.id, run.definition.type(), run.orderId, run.state, run.step,
                write(run.data), run.deadline, run.attempts, run.failureReason, run.failedBecause, run.traceParent,
                run.version, null, null, null));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Whether a text is a saga id or a command messageId (a canonical UUID): anything else names nothing here. */
    static boolean isUuid(String text) {
        try {
            return text != null && text.length() == 36 && UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A saga being changed in this transaction. */
    private static final class Run<D> {
        final SagaDefinition<D> definition;
        final String id;
        final long orderId;
        final String traceParent;
        final int version;
        final D data;
        SagaState state;
        int step;
        int attempts;
        OffsetDateTime deadline;
        String failureReason;
        String failedBecause;

        Run(SagaDefinition<D> definition, SagaInstance saga, D data) {
            this.definition = definition;
            this.id = saga.id();
            this.orderId = saga.orderId();
            this.traceParent = saga.traceParent();
            this.version = saga.version();
            this.data = data;
            this.state = saga.state();
            this.step = saga.currentStep();
            this.attempts = saga.attempts();
            this.deadline = saga.deadline();
            this.failureReason = saga.failureReason();
            this.failedBecause = saga.failedBecause();
        }

        SagaContext context() {
            return new SagaContext(id, String.valueOf(orderId), traceParent, failureReason);
        }
    }
}
