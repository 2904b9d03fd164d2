package org.musicrec.events;

/** What the listener did with a track. */
public enum EventType {
    PLAY, SKIP, LIKE, COMPLETE;

    /** The lower-case name used on the wire ({@code play}, {@code skip}, ...). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static EventType fromWire(String value) {
        if (value == null) {
            throw new IllegalArgumentException("event type is missing");
        }
        for (EventType type : values()) {
            if (type.name().equalsIgnoreCase(value.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("event type '" + value + "' is not one of play, skip, like, complete");
    }
}
