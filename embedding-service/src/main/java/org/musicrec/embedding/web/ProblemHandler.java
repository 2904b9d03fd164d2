package org.musicrec.embedding.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.musicrec.embedding.audio.InvalidAudioException;
import org.musicrec.embedding.track.CatalogUnavailableException;
import org.musicrec.embedding.vector.EncoderUnavailableException;
import org.musicrec.embedding.vector.JobNotFoundException;
import org.musicrec.embedding.vector.VectorNotFoundException;
import org.musicrec.embedding.track.TrackNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps every failure to RFC 9457 problem+json with a stable type and the offending fields named. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    static final URI INVALID_REQUEST = URI.create("/problems/invalid-request");
    static final URI NOT_FOUND = URI.create("/problems/not-found");
    static final URI UNAVAILABLE = URI.create("/problems/unavailable");
    static final URI INTERNAL = URI.create("/problems/internal-error");

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
        problem.setType(URI.create("/problems/invalid-audio/" + ex.kind().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-')));
        problem.setTitle("Audio cannot be used");
        problem.setProperty("reason", ex.kind().name());
        return problem;
    }

    @ExceptionHandler({VectorNotFoundException.class, JobNotFoundException.class,
            org.musicrec.registry.ModelNotFoundException.class})
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

    @ExceptionHandler(org.musicrec.registry.ModelRejectedException.class)
    ProblemDetail modelRejected(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                ex.getMessage() + "; the model served before keeps serving");
        problem.setType(URI.create("/problems/model-rejected"));
        return problem;
    }

    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException ex) {
        String message = ex.getValue() instanceof Object[] values && values.length > 1
                ? "given " + values.length + " times; give it once"
                : "'" + (ex.getValue() instanceof Object[] values ? values[0] : ex.getValue()) + "' is not a valid "
                        + (ex.getRequiredType() == null ? "value" : ex.getRequiredType().getSimpleName());
        return invalid(ex.getName() + ": " + message, List.of(Map.of("field", ex.getName(), "message", message)));
    }

    /** The container could not decode the query string (a '%' without two hex digits, bytes that are not UTF-8). */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ProblemDetail malformedQuery(RuntimeException ex) {
        String message = "has a malformed percent-encoding (each '%' must be followed by two hex digits, and the bytes"
                + " must be UTF-8): encode the parameter values";
        return invalid("the query string " + message, List.of(Map.of("field", "query", "message", message)));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalidArgument(IllegalArgumentException ex) {
        return invalid(ex.getMessage(), List.of(Map.of("field", "request", "message", String.valueOf(ex.getMessage()))));
    }

    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ProblemDetail constraintViolation(jakarta.validation.ConstraintViolationException ex) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getConstraintViolations().forEach(v -> {
            String path = v.getPropertyPath().toString();
            errors.add(Map.of("field", path.substring(path.lastIndexOf('.') + 1), "message", v.getMessage()));
        });
        String detail = errors.stream().map(e -> e.get("field") + ": " + e.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return invalid(detail, errors);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        if (clientWentAway(ex)) {
            // a mobile upload cut off mid-body: nobody is left to answer, and it is not the service's failure
            log.info("client aborted the request: {}", ex.getMessage());
            return null;
        }
        log.error("unexpected failure", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        problem.setType(INTERNAL);
        return problem;
    }

    /** The container's sign that the client closed the connection while its body was being read or written. */
    static boolean clientWentAway(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("ClientAbortException")
                    || t instanceof org.springframework.web.context.request.async.AsyncRequestNotUsableException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(error ->
                errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()))));
        ex.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
        return ResponseEntity.badRequest().body(invalid(summary(errors), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof org.springframework.validation.method.ParameterErrors bean) {
                // a @Valid body: name the field inside it, not the parameter
                bean.getFieldErrors().forEach(error -> errors.add(Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage()))));
                return;
            }
            String name = String.valueOf(result.getMethodParameter().getParameterName());
            result.getResolvableErrors().forEach(error ->
                    errors.add(Map.of("field", name, "message", String.valueOf(error.getDefaultMessage()))));
        });
        return ResponseEntity.badRequest().body(invalid(summary(errors), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "the request body is not valid JSON of the expected shape";
        return ResponseEntity.badRequest().body(invalid(detail, List.of(Map.of("field", "body", "message", detail))));
    }

    private static String summary(List<Map<String, String>> errors) {
        return errors.stream().map(e -> e.get("field") + ": " + e.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
    }

    private static ProblemDetail invalid(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Spring's own problems (405, 406, 415, ...) get a stable type like the others instead of {@code about:blank}. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
                                                         org.springframework.http.HttpStatusCode statusCode,
                                                         org.springframework.web.context.request.WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create("/problems/" + switch (statusCode.value()) {
                case 400 -> "invalid-request";
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 406 -> "not-acceptable";
                case 413 -> "payload-too-large";
                case 415 -> "unsupported-media-type";
                default -> "http-" + statusCode.value();
            }));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
