package io.integrationhub.routes.deadletter;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the dead-letter admin API answers ({@link DeadLetterAdminRoute}); the OpenAPI schemas are these records. */
public final class DeadLetterViews {

    private DeadLetterViews() {
    }

    @Schema(name = "DeadLetters", requiredProperties = { "channel", "deadLetters" })
    public record Listing(String channel, List<DeadLetter> deadLetters) {
    }

    /** One message in DLQ.&lt;channel&gt;; a poison message may lack any envelope header, hence the nullable ones. */
    @Schema(name = "DeadLetter", requiredProperties = { "id", "messageId", "messageType", "aggregateId", "reason",
            "route", "deadLetteredAt", "ageSeconds", "replayable" })
    public record DeadLetter(
            @Schema(nullable = true, description = "The JMS message id: the {id} to replay it by; null when the "
                    + "sender gave the message none") String id,
            @Schema(nullable = true) String messageId,
            @Schema(nullable = true) String messageType,
            @Schema(nullable = true) String aggregateId,
            String reason,
            @Schema(nullable = true, description = "The route that dead-lettered it; null when the broker did")
            String route,
            @Schema(format = "date-time") String deadLetteredAt,
            long ageSeconds,
            @Schema(description = "Whether replay can send it back: it has an id and a text, bytes, map or no body "
                    + "(an object or stream message stays where it is)") boolean replayable) {
    }

    @Schema(name = "Replayed", requiredProperties = { "replayed", "kept" })
    public record Replayed(@Schema(description = "How many dead letters went back to their channel") int replayed,
            @Schema(description = "How many stayed in the dead-letter queue because they cannot be replayed, or "
                    + "were taken meanwhile") int kept) {
    }
}
