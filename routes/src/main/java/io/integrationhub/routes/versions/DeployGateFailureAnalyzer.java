package io.integrationhub.routes.versions;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns the deploy gate's refusal into an "APPLICATION FAILED TO START" block that says what waits and what to do. */
class DeployGateFailureAnalyzer extends AbstractFailureAnalyzer<DeployGateException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DeployGateException cause) {
        String list = cause.stranded().stream().map(s -> "    " + s.describe()).collect(Collectors.joining("\n"));
        return new FailureAnalysis("The deploy gate refused to start this service: these messages could not be read "
                + "after the rollout, so they would be stranded or dead-lettered:\n" + list
                + "\nNothing was consumed or dead-lettered: the messages are where they were.",
                "Deploy a build that reads these versions (roll the consumers forward first, or keep the producer "
                        + "on the old major: hub.messages.versions.<channel>.<messageType>), or drain them before "
                        + "this rollout: let the build that reads them consume them, or move them away (the "
                        + "dead-letter admin API, the Artemis console) and replay them later. To start anyway — the "
                        + "consumers then dead-letter them as unsupported versions — set hub.deploy-gate.enabled=false "
                        + "(HUB_DEPLOY_GATE_ENABLED=false).",
                cause);
    }
}
