package io.integrationhub.order.saga;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One saga, declared top to bottom as the book draws it: its steps in order, each step one or more commands sent in
 * parallel (each with its participant channel, the reply that means success and the one that means failure), and
 * optionally the compensating command that undoes the step. {@link SagaOrchestrator} runs it durably.
 *
 * <p>Why not Camel's Saga EIP: its in-memory saga service keeps the saga in the JVM (a restart forgets it) and the
 * LRA service needs an external coordinator without HA; neither fits a command whose reply may come minutes later,
 * after a restart of either side. Here the saga is rows in the order schema, changed in the same transaction as the
 * order and the outbox rows of the next commands.
 *
 * @param <D> the saga's data, stored as JSON with the saga and handed to every payload builder and reply handler
 */
public final class SagaDefinition<D> {

    /** What a success reply does to the saga data and the domain, inside the reply's transaction. */
    @FunctionalInterface
    public interface ReplyHandler<D> {
        void apply(D data, JsonNode reply, SagaContext saga) throws Exception;
    }

    /** What happens when the saga ends: approve the order, or reject it with the reason. */
    @FunctionalInterface
    public interface Ending<D> {
        void apply(D data, SagaContext saga) throws Exception;
    }

    /** One command of a step: where it goes, what it carries, and which replies answer it. */
    public record Command<D>(String channel, String commandType, Function<D, Object> payload, String successReply,
            ReplyHandler<D> onSuccess, String failureReply) {

        boolean answeredBy(String replyType) {
            return replyType.equals(successReply) || replyType.equals(failureReply);
        }
    }

    /** A step: commands sent together (in parallel) and the optional compensation of what they did. */
    public record Step<D>(String name, List<Command<D>> commands, Command<D> compensation) {

        Command<D> command(String commandType) {
            return commands.stream().filter(c -> c.commandType().equals(commandType)).findFirst().orElse(null);
        }
    }

    private final String type;
    private final Class<D> dataType;
    private final List<Step<D>> steps;
    private final Ending<D> onCompleted;
    private final Ending<D> onCompensated;

    private SagaDefinition(String type, Class<D> dataType, List<Step<D>> steps, Ending<D> onCompleted,
            Ending<D> onCompensated) {
        this.type = type;
        this.dataType = dataType;
        this.steps = List.copyOf(steps);
        this.onCompleted = onCompleted;
        this.onCompensated = onCompensated;
    }

    public static <D> Builder<D> saga(String type, Class<D> dataType) {
        return new Builder<>(type, dataType);
    }

    public String type() {
        return type;
    }

    public Class<D> dataType() {
        return dataType;
    }

    public List<Step<D>> steps() {
        return steps;
    }

    public Step<D> step(int index) {
        return steps.get(index);
    }

    Ending<D> onCompleted() {
        return onCompleted;
    }

    Ending<D> onCompensated() {
        return onCompensated;
    }

    /** Every reply type some command of this saga is answered with (the messageTypes order.replies accepts). */
    public List<String> replyTypes() {
        List<String> types = new ArrayList<>();
        for (Step<D> step : steps) {
            List<Command<D>> all = new ArrayList<>(step.commands());
            if (step.compensation() != null) {
                all.add(step.compensation());
            }
            for (Command<D> command : all) {
                for (String reply : new String[] { command.successReply(), command.failureReply() }) {
                    if (reply != null && !types.contains(reply)) {
                        types.add(reply);
                    }
                }
            }
        }
        return types;
    }

    /** Builds a definition: {@code saga(...).step(...).invoke(...).onSuccess(...).onFailure(...)...build()}. */
    public static final class Builder<D> {

        private final String type;
        private final Class<D> dataType;
        private final List<Step<D>> steps = new ArrayList<>();
        private final Map<String, Boolean> names = new LinkedHashMap<>();
        private String stepName;
        private final List<Command<D>> commands = new ArrayList<>();
        private Command<D> compensation;
        private CommandBuilder<D> pending;
        private boolean pendingIsCompensation;
        private Ending<D> onCompleted = (d, s) -> { };
        private Ending<D> onCompensated = (d, s) -> { };

        private Builder(String type, Class<D> dataType) {
            this.type = Objects.requireNonNull(type);
            this.dataType = Objects.requireNonNull(dataType);
        }

        public Builder<D> step(String name) {
            closeStep();
            if (names.put(name, true) != null) {
                throw new IllegalArgumentException("saga " + type + " has two steps named " + name);
            }
            stepName = name;
            return this;
        }

        /** A command of the current step; several in one step are sent together and all must succeed. */
        public CommandBuilder<D> invoke(String channel, String commandType, Function<D, Object> payload) {
            closeCommand();
            requireStep();
            pending = new CommandBuilder<>(this, channel, commandType, payload);
            pendingIsCompensation = false;
            return pending;
        }

        /** The command that undoes the current step, sent in reverse order when a later step fails. */
        public CommandBuilder<D> compensateWith(String channel, String commandType, Function<D, Object> payload) {
            closeCommand();
            requireStep();
            pending = new CommandBuilder<>(this, channel, commandType, payload);
            pendingIsCompensation = true;
            return pending;
        }

        public Builder<D> whenCompleted(Ending<D> ending) {
            closeStep();
            onCompleted = ending;
            return this;
        }

        public Builder<D> whenCompensated(Ending<D> ending) {
            closeStep();
            onCompensated = ending;
            return this;
        }

        public SagaDefinition<D> build() {
            closeStep();
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("saga " + type + " has no steps");
            }
            return new SagaDefinition<>(type, dataType, steps, onCompleted, onCompensated);
        }

        private void requireStep() {
            if (stepName == null) {
                throw new IllegalStateException("saga " + type + ": invoke(...) before step(...)");
            }
        }

        private void closeCommand() {
            if (pending == null) {
                return;
            }
            Command<D> command = pending.command();
            if (pendingIsCompensation) {
                if (compensation != null) {
                    throw new IllegalArgumentException("step " + stepName + " has two compensations");
                }
                compensation = command;
            } else {
                if (commands.stream().anyMatch(c -> c.commandType().equals(command.commandType()))) {
                    throw new IllegalArgumentException("step " + stepName + " sends " + command.commandType()
                            + " twice");
                }
                commands.add(command);
            }
            pending = null;
        }

        private void closeStep() {
            closeCommand();
            if (stepName == null) {
                return;
            }
            if (commands.isEmpty()) {
                throw new IllegalArgumentException("step " + stepName + " sends no command");
            }
            steps.add(new Step<>(stepName, List.copyOf(commands), compensation));
            stepName = null;
            commands.clear();
            compensation = null;
        }
    }

    /** The replies of one command; returns to the saga builder for the next command, step or ending. */
    public static final class CommandBuilder<D> {

        private final Builder<D> saga;
        private final String channel;
        private final String commandType;
        private final Function<D, Object> payload;
        private String successReply;
        private ReplyHandler<D> onSuccess = (d, r, s) -> { };
        private String failureReply;

        private CommandBuilder(Builder<D> saga, String channel, String commandType, Function<D, Object> payload) {
            this.saga = saga;
            this.channel = Objects.requireNonNull(channel);
            this.commandType = Objects.requireNonNull(commandType);
            this.payload = Objects.requireNonNull(payload);
        }

        public CommandBuilder<D> onSuccess(String replyType) {
            return onSuccess(replyType, (d, r, s) -> { });
        }

        public CommandBuilder<D> onSuccess(String replyType, ReplyHandler<D> handler) {
            this.successReply = replyType;
            this.onSuccess = handler;
            return this;
        }

        /** The reply that means the participant refused; its {@code reason} becomes the saga's failure reason. */
        public CommandBuilder<D> onFailure(String replyType) {
            this.failureReply = replyType;
            return this;
        }

        public Builder<D> step(String name) {
            return saga.step(name);
        }

        public CommandBuilder<D> invoke(String channel, String commandType, Function<D, Object> payload) {
            return saga.invoke(channel, commandType, payload);
        }

        public CommandBuilder<D> compensateWith(String channel, String commandType, Function<D, Object> payload) {
            return saga.compensateWith(channel, commandType, payload);
        }

        public Builder<D> whenCompleted(Ending<D> ending) {
            return saga.whenCompleted(ending);
        }

        public Builder<D> whenCompensated(Ending<D> ending) {
            return saga.whenCompensated(ending);
        }

        public SagaDefinition<D> build() {
            return saga.build();
        }

        private Command<D> command() {
            if (successReply == null || failureReply == null) {
                throw new IllegalArgumentException(commandType + " needs onSuccess(...) and onFailure(...) replies");
            }
            return new Command<>(channel, commandType, payload, successReply, onSuccess, failureReply);
        }
    }
}
