package io.integrationhub.routes.versions;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The service refused to start: messages are waiting (in a queue it consumes, in its own outbox) or would be written
 * in a major version this build or a known consumer cannot read. Reported by {@link DeployGateFailureAnalyzer}.
 */
public class DeployGateException extends RuntimeException {

    private final transient List<StrandedMessages> stranded;

    public DeployGateException(List<StrandedMessages> stranded) {
        super("Deploy gate: " + stranded.stream().map(StrandedMessages::describe).collect(Collectors.joining("; ")));
        this.stranded = List.copyOf(stranded);
    }

    public List<StrandedMessages> stranded() {
        return stranded;
    }
}
