package org.musicrec.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicrec.events.EventType;
import org.musicrec.events.ListeningEvent;

class EventValidatorTests {

    private final EventValidator validator = new EventValidator(500);

    private static EventBatchRequest.EventPayload valid(String id) {
        return new EventBatchRequest.EventPayload(id, "user-1", "track-1", "Play", "2024-05-01T10:00:00+02:00", 1000L,
                null);
    }

    @Test
    void turnsAValidBatchIntoContractEvents() {
        List<ListeningEvent> events = validator.validate(new EventBatchRequest(List.of(valid("e1"), valid("e2"))));
        assertThat(events).extracting(ListeningEvent::eventId).containsExactly("e1", "e2");
        assertThat(events.get(0).type()).isEqualTo(EventType.PLAY);
        assertThat(events.get(0).occurredAt()).hasToString("2024-05-01T08:00:00Z");
    }

    @Test
    void namesEveryBadFieldByItsPosition() {
        var bad = new EventBatchRequest.EventPayload(null, "user 1", "t", "pause", "yesterday", -5L, 0);
        var missing = new EventBatchRequest.EventPayload("e3", "u", "t", null, null, null, null);
        assertThatThrownBy(() -> validator.validate(new EventBatchRequest(List.of(valid("e1"), bad, missing))))
                .isInstanceOfSatisfying(InvalidEventsException.class, ex -> assertThat(ex.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("events[1].type", "events[1].occurredAt", "events[1].eventId",
                                "events[1].userId", "events[1].msPlayed", "events[1].playCount", "events[2].type",
                                "events[2].occurredAt"));
    }

    @Test
    void rejectsEmptyAndOversizedBatches() {
        assertThatThrownBy(() -> validator.validate(new EventBatchRequest(List.of())))
                .isInstanceOfSatisfying(InvalidEventsException.class,
                        ex -> assertThat(ex.errors().get(0).message()).contains("1 to 500", "got 0"));
        assertThatThrownBy(() -> validator.validate(new EventBatchRequest(null)))
                .isInstanceOf(InvalidEventsException.class);
        List<EventBatchRequest.EventPayload> many = new ArrayList<>(Collections.nCopies(501, valid("e")));
        assertThatThrownBy(() -> validator.validate(new EventBatchRequest(many)))
                .isInstanceOfSatisfying(InvalidEventsException.class,
                        ex -> assertThat(ex.errors().get(0).message()).contains("got 501"));
    }
}
