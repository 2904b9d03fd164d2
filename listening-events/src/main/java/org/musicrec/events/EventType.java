package org.musicrec.events;

/** What the listener did with a track. */
public enum EventType {
    PLAY, SKIP, LIKE, COMPLETE;

    /** The lower-case name used on the wire ({@code play}, {@code skip}, ...). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses a wire name, ignoring ASCII case only ({@code PLAY} is {@code play}); a letter that merely folds to
     * one of the names under Unicode rules ({@code ſkip}, the Kelvin sign in {@code liKe}) or a padded value is
     * not accepted.
     */
    public static EventType fromWire(String value) {
        if (value == null) {
            throw new IllegalArgumentException("event type is missing");
        }
        if (value.matches("[A-Za-z]{1,16}")) {
            String lower = value.toLowerCase(java.util.Locale.ROOT);
            for (EventType type : values()) {
                if (type.wireName().equals(lower)) {
                    return type;
                }
            }
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        throw new IllegalArgumentException("event type '" + shown + "' is not one of play, skip, like, complete");
    }
}
