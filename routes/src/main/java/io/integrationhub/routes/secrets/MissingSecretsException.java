package io.integrationhub.routes.secrets;

import java.util.List;
import java.util.stream.Collectors;

/** One or more secrets are not configured; the message names every variable to set. */
public class MissingSecretsException extends RuntimeException {

    private final transient List<RequiredSecret> missing;

    public MissingSecretsException(List<RequiredSecret> missing) {
        super("Missing secret(s): " + missing.stream()
                .map(s -> s.variable() + (s.what() == null ? "" : " (" + s.what() + ")"))
                .collect(Collectors.joining(", ")));
        this.missing = List.copyOf(missing);
    }

    public List<RequiredSecret> missing() {
        return missing;
    }
}
