package org.musicrec.gateway.events;

/** Kafka did not take the batch; none of it is visible to consumers and the client may resend it as is. */
public class EventsUnavailableException extends RuntimeException {
    EventsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
