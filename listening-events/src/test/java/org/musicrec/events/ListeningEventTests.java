package org.musicrec.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ListeningEventTests {

    private static final Instant WHEN = Instant.parse("2009-04-01T00:00:00Z");

    @Test
    void acceptsAValidEventAndDefaultsPlaysToOne() {
        ListeningEvent event = new ListeningEvent("e-1", "user-2", "artist-52", EventType.PLAY, WHEN, null, null);
        assertThat(event.plays()).isEqualTo(1);
        assertThat(new ListeningEvent("e-1", "u", "t", EventType.LIKE, WHEN, 10L, 7).plays()).isEqualTo(7);
    }

    @Test
    void namesEveryBrokenFieldAtOnce() {
        assertThat(ListeningEvent.problems(" ", "bad id!", null, null, null, -1L, 0))
                .extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactly("eventId", "userId", "trackId", "type", "occurredAt", "msPlayed", "playCount");
    }

    @Test
    void boundsMsPlayedAndPlayCountOnBothSides() {
        long day = 24L * 3600 * 1000;
        assertThat(ListeningEvent.problems("e", "u", "t", EventType.PLAY, WHEN, day, 1_000_000)).isEmpty();
        assertThat(ListeningEvent.problems("e", "u", "t", EventType.PLAY, WHEN, day + 1, 1_000_001))
                .containsExactly("msPlayed: must be between 0 and 86400000 (one day)",
                        "playCount: must be between 1 and 1000000");
        assertThat(ListeningEvent.problems("e", "u", "t", EventType.PLAY, WHEN, Long.MAX_VALUE, Integer.MAX_VALUE))
                .hasSize(2);
    }

    @Test
    void rejectsEventsFarInTheFuture() {
        assertThatThrownBy(() -> new ListeningEvent("e", "u", "t", EventType.PLAY,
                Instant.now().plusSeconds(3 * 24 * 3600), null, null))
                .hasMessageContaining("occurredAt: lies more than a day in the future");
    }

    @Test
    void rejectsEventsBefore1900AndDotIds() {
        assertThatThrownBy(() -> new ListeningEvent("e", "u", "t", EventType.PLAY,
                Instant.parse("-999999999-01-01T00:00:00Z"), null, null))
                .hasMessageContaining("occurredAt: lies before 1900-01-01");
        assertThat(ListeningEvent.problems("..", ".", "a.b", EventType.PLAY, WHEN, null, null))
                .extracting(p -> p.substring(0, p.indexOf(':'))).containsExactly("eventId", "userId");
    }

    @Test
    void parsesWireTypesCaseInsensitively() {
        assertThat(EventType.fromWire("Skip")).isEqualTo(EventType.SKIP);
        assertThat(EventType.COMPLETE.wireName()).isEqualTo("complete");
        assertThatThrownBy(() -> EventType.fromWire("pause")).hasMessageContaining("'pause' is not one of");
        for (String folded : new String[] {"\u017Fkip", "sk\u0131p", "li\u212Ae", " PLAY ", "play\t", ""}) {
            assertThatThrownBy(() -> EventType.fromWire(folded)).as(folded).hasMessageContaining("is not one of");
        }
        assertThatThrownBy(() -> EventType.fromWire("x".repeat(1000))).message().hasSizeLessThan(120);
    }
}
