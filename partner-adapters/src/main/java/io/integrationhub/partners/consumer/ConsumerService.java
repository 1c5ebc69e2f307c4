package io.integrationhub.partners.consumer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.integrationhub.partners.PartnerJson;
import io.integrationhub.partners.consumer.ConsumerMessages.ConsumerValidated;
import io.integrationhub.partners.consumer.ConsumerMessages.ConsumerValidationFailed;
import io.integrationhub.partners.consumer.ConsumerMessages.ValidateConsumerInfo;
import io.integrationhub.routes.messaging.Envelope;
import io.integrationhub.routes.outbox.OutboxMessage;
import io.integrationhub.routes.outbox.OutboxWriter;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The consumer service: its data, and the validation the order service asks for. Its messages:
 * {@link ConsumerMessages}; {@link Consumer} and {@link NewConsumer} are the partner API's views.
 */
@Service
public class ConsumerService {

    @Schema(requiredProperties = { "consumerId", "name", "creditLimit", "active" })
    public record Consumer(String consumerId, String name, BigDecimal creditLimit, boolean active) {
    }

    /** Body of POST /partners/api/v1/consumers; the limits are those of consumer.consumers (V1__consumers.sql). */
    public record NewConsumer(
            @NotBlank @Size(max = 200) String name,
            @NotNull @DecimalMin("0") @DecimalMax("9999999999.99")
            @Digits(integer = 10, fraction = 2, message = "must have at most 2 decimals")
            BigDecimal creditLimit) {
    }

    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final PartnerJson json;

    public ConsumerService(JdbcTemplate jdbc, @Qualifier("consumerOutbox") OutboxWriter outbox, PartnerJson json) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.json = json;
    }

    @Transactional
    public String create(NewConsumer consumer) {
        return create("c-" + UUID.randomUUID(), consumer.name(), consumer.creditLimit(), true);
    }

    /** With a chosen id: demo data and tests. Does nothing if the id exists. */
    @Transactional
    public String create(String id, String name, BigDecimal creditLimit, boolean active) {
        jdbc.update("insert into consumer.consumers (id, name, credit_limit, active) values (?, ?, ?, ?) "
                + "on conflict (id) do nothing", id, name, creditLimit, active);
        return id;
    }

    @Transactional(readOnly = true)
    public Optional<Consumer> find(String consumerId) {
        List<Consumer> found = jdbc.query("select id, name, credit_limit, active from consumer.consumers where id = ?",
                (rs, n) -> new Consumer(rs.getString("id"), rs.getString("name"), rs.getBigDecimal("credit_limit"),
                        rs.getBoolean("active")), consumerId);
        return found.stream().findFirst();
    }

    private static Optional<String> problemWith(Consumer consumer, ValidateConsumerInfo request) {
        if (!consumer.active()) {
            return Optional.of("consumer " + consumer.consumerId() + " is inactive");
        }
        if (request.orderTotal() == null || consumer.creditLimit().compareTo(request.orderTotal()) < 0) {
            return Optional.of("order total " + request.orderTotal() + " exceeds the credit limit "
                    + consumer.creditLimit());
        }
        return Optional.empty();
    }

    /** Validates and writes the reply to the consumer outbox in the same transaction. */
    @Transactional
    public void validate(Envelope command, String body) throws Exception {
        ValidateConsumerInfo request = json.read(body, ValidateConsumerInfo.class);
        String reason = find(request.consumerId()).map(consumer -> problemWith(consumer, request))
                .orElse(Optional.of("consumer " + request.consumerId() + " is unknown")).orElse(null);
        OutboxMessage reply = reason == null
                ? OutboxMessage.reply(command, ConsumerMessages.CONSUMER_VALIDATED,
                        json.write(new ConsumerValidated(request.orderId(), request.consumerId())))
                : OutboxMessage.reply(command, ConsumerMessages.CONSUMER_VALIDATION_FAILED,
                        json.write(new ConsumerValidationFailed(request.orderId(), request.consumerId(), reason)));
        outbox.append(reply);
    }
}
