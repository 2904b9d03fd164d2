package org.musicrec.embedding.track;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The track catalogue. */
@RestController
@RequestMapping("/api/v1/tracks/{trackId}")
class TrackController {

    private static final String ID = "(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}";
    private static final String ID_MESSAGE = "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'";

    private final TrackService service;

    TrackController(TrackService service) {
        this.service = service;
    }

    @PutMapping
    ResponseEntity<Track> put(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String trackId,
                              @Valid @RequestBody TrackRequest request) {
        TrackService.Saved saved = service.save(trackId, request.title(), request.artist(), request.tags());
        return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK).body(saved.track());
    }

    @GetMapping
    Track get(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String trackId) {
        return service.get(trackId);
    }
}
