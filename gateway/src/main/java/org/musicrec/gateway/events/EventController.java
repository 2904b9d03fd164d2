package org.musicrec.gateway.events;

import java.util.List;
import java.util.Map;
import org.musicrec.events.ListeningEvent;
import org.musicrec.gateway.auth.AccessDeniedException;
import org.musicrec.gateway.auth.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Listening events from the app: validated as a whole batch, then published at once or not at all. An app posts
 * only its user's events; a trusted key (the importer) posts anyone's.
 */
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
    Map<String, Object> post(@RequestBody EventBatchRequest request,
                             @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        List<ListeningEvent> events = validator.validate(request);
        for (int i = 0; i < events.size(); i++) {
            if (!caller.mayActFor(events.get(i).userId())) {
                throw new AccessDeniedException("events[" + i + "].userId", "the token is for user '"
                        + caller.userId().orElse("?") + "'; events of user '" + events.get(i).userId()
                        + "' need that user's token or a trusted key. Nothing of this batch was accepted.");
            }
        }
        publisher.publish(events);
        return Map.of("accepted", events.size());
    }
}
