package io.integrationhub.routes.messaging;

import java.io.CharConversionException;

import jakarta.jms.MessageFormatException;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.TypeConversionException;

/**
 * Failures that say "this message's body cannot be read by this route", as opposed to "something failed this time":
 * whatever a foreign client put in the body (a Java object of a class this JVM lacks, a JMS map or stream message,
 * bytes in no text encoding) fails the same way on every delivery, so {@link HubJmsErrors} dead-letters it at once.
 */
final class UnreadableMessages {

    private UnreadableMessages() {
    }

    static boolean isUnreadable(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MessageFormatException // JMS: the body or a property is not of the type asked for
                    || t instanceof CharConversionException // Jackson: bytes that are no UTF-8/16/32 text
                    || t instanceof NoTypeConversionAvailableException // e.g. a map or Java object where JSON is read
                    || t instanceof TypeConversionException
                    || t instanceof InvalidPayloadException
                    // camel-jms: ObjectMessage.getObject() failed (class not found or not allowed)
                    || (t instanceof org.apache.camel.RuntimeCamelException
                            && String.valueOf(t.getMessage()).startsWith("Failed to extract body"))) {
                return true;
            }
        }
        return false;
    }

    /** The dead-letter reason: the failure in one line, without a stack trace. */
    static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (root != cause) {
            reason += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason;
    }

    /**
     * The dead letter is sent with the message's body: when that body is what cannot be read, sending it would fail
     * the same way and the message would loop until the broker's backstop dead-letters it without a reason. Such a
     * body is replaced by an empty one (the reason says what it was); the envelope headers stay.
     */
    static void keepSendable(Message message) {
        try {
            Object body = message.getBody();
            if (body != null && !(body instanceof String) && !(body instanceof byte[])) {
                message.getMandatoryBody(byte[].class);
            }
        } catch (Exception | Error unreadable) {
            message.setBody(new byte[0]);
            message.setHeader("hubDeadLetterBody", "unreadable, dropped: " + unreadable.getClass().getSimpleName());
        }
    }
}
