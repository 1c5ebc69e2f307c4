package io.integrationhub.routes.messaging;

/**
 * A message no retry can help (unparseable, unknown messageType, unsupported major messageVersion): dead-lettered at
 * once with this message as the reason, instead of being redelivered in vain while it holds up its message group.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String reason) {
        super(reason);
    }
}
