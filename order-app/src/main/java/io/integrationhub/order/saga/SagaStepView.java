package io.integrationhub.order.saga;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** One command of a saga's step log, in {@link SagaDetails}. */
@Schema(name = "SagaStep", requiredProperties = { "step", "direction", "attempt", "participant", "command",
        "commandMessageId", "sentAt", "outcome", "reply", "replyMessageId", "repliedAt", "detail" })
public record SagaStepView(String step,
        @Schema(allowableValues = { SagaStepRecord.FORWARD, SagaStepRecord.COMPENSATION }) String direction,
        int attempt, String participant, String command, @Schema(format = "uuid") String commandMessageId,
        OffsetDateTime sentAt,
        @Schema(allowableValues = { SagaStepRecord.SENT, SagaStepRecord.SUCCEEDED, SagaStepRecord.FAILED,
                SagaStepRecord.TIMED_OUT, SagaStepRecord.SUPERSEDED }) String outcome,
        @Schema(nullable = true, description = "The reply's message type; null while none came") String reply,
        @Schema(nullable = true) String replyMessageId,
        @Schema(nullable = true) OffsetDateTime repliedAt,
        @Schema(nullable = true, description = "A refusal's reason") String detail) {

    static SagaStepView of(SagaStepRecord row) {
        return new SagaStepView(row.stepName(), row.direction(), row.attempt(), row.participant(), row.commandType(),
                row.commandMessageId(), row.sentAt(), row.outcome(), row.replyType(), row.replyMessageId(),
                row.repliedAt(), row.detail());
    }
}
