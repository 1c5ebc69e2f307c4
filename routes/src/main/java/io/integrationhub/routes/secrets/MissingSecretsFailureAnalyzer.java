package io.integrationhub.routes.secrets;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns missing secrets into one "APPLICATION FAILED TO START" paragraph that lists every variable to set. */
class MissingSecretsFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecretsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSecretsException cause) {
        String list = cause.missing().stream()
                .map(s -> "    " + s.variable() + (s.what() == null ? "" : " — " + s.what()))
                .collect(Collectors.joining("\n"));
        return new FailureAnalysis("This service needs these secrets and they are not set:\n" + list
                + "\nNothing was started: no broker, no schema migration, no route.",
                "Set each variable above in the service's environment (see .env.example), or run with the embedded "
                        + "profile without 'production', which generates development secrets and logs them.",
                cause);
    }
}
