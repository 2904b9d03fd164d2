package org.musicrec.gateway.events;

import java.util.List;
import java.util.Map;
import org.musicrec.events.ListeningEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Listening events from the app: validated as a whole batch, then published at once or not at all. */
@RestController
class EventController {

    private final EventValidator validator;
    private final EventPublisher publisher;

    EventController(EventValidator validator, EventPublisher publisher) {
        this.validator = validator;
        this.publisher = publisher;
    }

    @PostMapping(path = "/api/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> post(@RequestBody EventBatchRequest request) {
        List<ListeningEvent> events = validator.validate(request);
        publisher.publish(events);
        return Map.of("accepted", events.size());
    }
}
