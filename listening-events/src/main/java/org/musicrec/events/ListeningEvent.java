package org.musicrec.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One thing a user did with a track, as it travels on the {@code listening-events} topic.
 * The eventId is chosen by the client and is the idempotency key: the same eventId is stored once.
 *
 * @param eventId    client-generated id, 1-128 characters of {@code [A-Za-z0-9._:-]}
 * @param userId     the listener, 1-128 characters of {@code [A-Za-z0-9._:-]}
 * @param trackId    the track, 1-128 characters of {@code [A-Za-z0-9._:-]}
 * @param type       play, skip, like or complete
 * @param occurredAt when it happened on the device
 * @param msPlayed   milliseconds played, optional, 0 to {@link #MAX_MS_PLAYED} (one day)
 * @param playCount  how many plays this event stands for (bulk imports), optional, 1 to {@link #MAX_PLAY_COUNT}
 */
public record ListeningEvent(String eventId, String userId, String trackId, EventType type,
                             Instant occurredAt, Long msPlayed, Integer playCount) {

    /** Ids are short, URL-safe strings; "." and ".." are not ids (they are path segments). */
    public static final Pattern ID_PATTERN = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}");

    /** Events dated before this are clock or data errors (recorded music listening starts well after it). */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    /** Events dated further in the future than this are clock errors. */
    public static final long MAX_CLOCK_SKEW_SECONDS = 24 * 3600;

    /** One listen lasts at most a day; more is a unit error (seconds sent as microseconds, say). */
    public static final long MAX_MS_PLAYED = 24L * 3600 * 1000;

    /**
     * A bulk import may fold many plays into one event (the HetRec import's largest is 352,698); a million
     * plays is about six years of non-stop three-minute tracks, so more is a data error.
     */
    public static final int MAX_PLAY_COUNT = 1_000_000;

    public ListeningEvent {
        List<String> problems = problems(eventId, userId, trackId, type, occurredAt, msPlayed, playCount);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Plays this event stands for: {@code playCount}, or 1 when absent. */
    public int plays() {
        return playCount == null ? 1 : playCount;
    }

    /**
     * Every broken rule of these values, one message per field, each starting with the field name.
     * Empty when the values make a valid event.
     */
    public static List<String> problems(String eventId, String userId, String trackId, EventType type,
                                        Instant occurredAt, Long msPlayed, Integer playCount) {
        List<String> problems = new ArrayList<>();
        checkId("eventId", eventId, problems);
        checkId("userId", userId, problems);
        checkId("trackId", trackId, problems);
        if (type == null) {
            problems.add("type: is required (play, skip, like or complete)");
        }
        if (occurredAt == null) {
            problems.add("occurredAt: is required (ISO-8601 instant)");
        } else if (occurredAt.isAfter(Instant.now().plusSeconds(MAX_CLOCK_SKEW_SECONDS))) {
            problems.add("occurredAt: lies more than a day in the future");
        } else if (occurredAt.isBefore(EARLIEST)) {
            problems.add("occurredAt: lies before 1900-01-01");
        }
        if (msPlayed != null && (msPlayed < 0 || msPlayed > MAX_MS_PLAYED)) {
            problems.add("msPlayed: must be between 0 and " + MAX_MS_PLAYED + " (one day)");
        }
        if (playCount != null && (playCount < 1 || playCount > MAX_PLAY_COUNT)) {
            problems.add("playCount: must be between 1 and " + MAX_PLAY_COUNT);
        }
        return problems;
    }

    private static void checkId(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + ": is required");
        } else if (!ID_PATTERN.matcher(value).matches()) {
            problems.add(field + ": must be 1-128 characters of letters, digits, '.', '_', ':' or '-' (not '.' or '..')");
        }
    }
}
