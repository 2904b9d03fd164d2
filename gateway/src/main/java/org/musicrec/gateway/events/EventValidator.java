package org.musicrec.gateway.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.musicrec.events.EventType;
import org.musicrec.events.ListeningEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Turns a request batch into contract events, or names every broken field of it. */
@Component
class EventValidator {

    private final int maxBatchSize;

    EventValidator(@Value("${musicrec.events.max-batch-size:500}") int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    List<ListeningEvent> validate(EventBatchRequest request) {
        List<FieldError> errors = new ArrayList<>();
        List<EventBatchRequest.EventPayload> payloads = request == null ? null : request.events();
        if (payloads == null || payloads.isEmpty() || payloads.size() > maxBatchSize) {
            errors.add(new FieldError("events", "must hold 1 to " + maxBatchSize + " events, got "
                    + (payloads == null ? "none" : payloads.size())));
            throw new InvalidEventsException(errors);
        }
        List<ListeningEvent> events = new ArrayList<>(payloads.size());
        java.util.Map<String, Integer> firstWithId = new java.util.HashMap<>();
        for (int i = 0; i < payloads.size(); i++) {
            String at = "events[" + i + "]";
            EventBatchRequest.EventPayload p = payloads.get(i);
            if (p == null) {
                errors.add(new FieldError(at, "must be an event object"));
                continue;
            }
            List<FieldError> own = new ArrayList<>();
            EventType type = null;
            if (p.type() == null) {
                own.add(new FieldError(at + ".type", "is required (play, skip, like or complete)"));
            } else {
                try {
                    type = EventType.fromWire(p.type());
                } catch (IllegalArgumentException e) {
                    own.add(new FieldError(at + ".type", e.getMessage()));
                }
            }
            Instant occurredAt = null;
            if (p.occurredAt() != null) {
                occurredAt = parseInstant(p.occurredAt());
                if (occurredAt == null) {
                    own.add(new FieldError(at + ".occurredAt", "'" + shown(p.occurredAt())
                            + "' is not an ISO-8601 date-time with offset, e.g. 2026-12-03T18:30:00Z"));
                }
            }
            for (String problem : ListeningEvent.problems(p.eventId(), p.userId(), p.trackId(),
                    type == null ? EventType.PLAY : type, occurredAt == null && p.occurredAt() != null
                            ? Instant.EPOCH : occurredAt, p.msPlayed(), p.playCount())) {
                int colon = problem.indexOf(':');
                own.add(new FieldError(at + "." + problem.substring(0, colon), problem.substring(colon + 1).trim()));
            }
            if (p.eventId() != null) {
                Integer first = firstWithId.putIfAbsent(p.eventId(), i);
                if (first != null) {
                    // the event id is the idempotency key: a second event under it would be dropped as a duplicate
                    own.add(new FieldError(at + ".eventId", "'" + shown(p.eventId()) + "' is already the id of events["
                            + first + "] in this batch; every event needs its own id"));
                }
            }
            if (own.isEmpty()) {
                events.add(new ListeningEvent(p.eventId(), p.userId(), p.trackId(), type, occurredAt, p.msPlayed(),
                        p.playCount()));
            }
            errors.addAll(own);
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventsException(errors);
        }
        return events;
    }

    /** A client's value as an error message repeats it: cut, so that a huge bad value is not sent back twice. */
    static String shown(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }

    private static Instant parseInstant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant(); // not trimmed: trim() also strips control characters
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
