package org.musicrec.embedding.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.musicrec.embedding.audio.InvalidAudioException;
import org.musicrec.embedding.track.CatalogUnavailableException;
import org.musicrec.embedding.track.TrackNotFoundException;
import org.musicrec.embedding.vector.EncoderUnavailableException;
import org.musicrec.embedding.vector.JobNotFoundException;
import org.musicrec.embedding.vector.VectorNotFoundException;
import org.musicrec.registry.ModelNotFoundException;
import org.musicrec.registry.ModelRejectedException;
import org.musicrec.support.web.ProblemHandlerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the embedding service's failures to RFC 9457 problem+json; request-shape failures and the rest are mapped
 * by {@link ProblemHandlerSupport}.
 */
@RestControllerAdvice
class ProblemHandler extends ProblemHandlerSupport {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(TrackNotFoundException.class)
    ProblemDetail notFound(TrackNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Track not found");
        problem.setProperty("trackId", ex.trackId());
        return problem;
    }

    @ExceptionHandler(CatalogUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(CatalogUnavailableException ex) {
        log.warn("catalogue change not published: {}", ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                ex.getMessage() + "; nothing was stored, retry later");
        problem.setType(UNAVAILABLE);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    @ExceptionHandler(InvalidAudioException.class)
    ProblemDetail invalidAudio(InvalidAudioException ex) {
        HttpStatus status = switch (ex.kind()) {
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case NOT_AUDIO, UNSUPPORTED -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case EMPTY -> HttpStatus.BAD_REQUEST;
            case CORRUPT, TOO_LONG -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        problem.setType(URI.create("/problems/invalid-audio/" + ex.kind().name().toLowerCase(Locale.ROOT)
                .replace('_', '-')));
        problem.setTitle("Audio cannot be used");
        problem.setProperty("reason", ex.kind().name());
        return problem;
    }

    @ExceptionHandler({VectorNotFoundException.class, JobNotFoundException.class, ModelNotFoundException.class})
    ProblemDetail missing(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(EncoderUnavailableException.class)
    ResponseEntity<ProblemDetail> noEncoder(EncoderUnavailableException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                ex.getMessage() + "; nothing was stored");
        problem.setType(UNAVAILABLE);
        problem.setTitle("No audio model");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "60").body(problem);
    }

    @ExceptionHandler(ModelRejectedException.class)
    ProblemDetail modelRejected(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                ex.getMessage() + "; the model served before keeps serving");
        problem.setType(URI.create("/problems/model-rejected"));
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalidArgument(IllegalArgumentException ex) {
        return invalid(ex.getMessage(), List.of(fieldError("request", String.valueOf(ex.getMessage()))));
    }
}
