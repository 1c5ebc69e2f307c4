package io.integrationhub.routes.secrets;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets come from environment variables, never from committed files. Where a developer runs everything in one JVM
 * (embedded mode) a missing secret is generated and logged once, like Spring Boot's generated password; everywhere else
 * a missing secret stops the start with a message that names the variable to set. With
 * {@code hub.security.require-secrets} the {@link RequiredSecretsCheck} refuses the start even earlier.
 */
public final class Secrets {

    private static final Logger log = LoggerFactory.getLogger(Secrets.class);
    private static final SecureRandom random = new SecureRandom();

    private Secrets() {
    }

    public static String require(String value, String environmentVariable, String what, boolean mayGenerate) {
        if (value != null && !value.isBlank()) {
            return value;
        }
        if (!mayGenerate) {
            throw new MissingSecretsException(List.of(new RequiredSecret(environmentVariable, null, what)));
        }
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        String generated = HexFormat.of().formatHex(bytes);
        log.warn("{} not set ({}); generated for this run: {}", what, environmentVariable, generated);
        return generated;
    }
}
