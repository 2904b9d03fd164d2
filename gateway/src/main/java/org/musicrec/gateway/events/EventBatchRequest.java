package org.musicrec.gateway.events;

import java.util.List;

/**
 * The body of {@code POST /api/v1/events}. Fields are plain strings so that every bad value can be reported
 * with its position ({@code events[3].occurredAt}) instead of failing the whole body at the first one.
 */
record EventBatchRequest(List<EventPayload> events) {

    /** One event as the app sends it. */
    record EventPayload(String eventId, String userId, String trackId, String type, String occurredAt,
                        Long msPlayed, Integer playCount) {
    }
}
