package org.musicrec.gateway.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.musicrec.gateway.auth.AccessDeniedException;
import org.musicrec.gateway.auth.InvalidAdminRequestException;
import org.musicrec.gateway.auth.TokensNotIssuedHereException;
import org.musicrec.gateway.auth.UnknownKeyException;
import org.musicrec.gateway.events.EventsUnavailableException;
import org.musicrec.gateway.events.FieldError;
import org.musicrec.gateway.events.InvalidEventsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Maps every failure at the gateway to RFC 9457 problem+json with a stable type and the offending fields. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    static final URI INVALID_REQUEST = URI.create("/problems/invalid-request");
    static final URI TOO_LARGE = URI.create("/problems/payload-too-large");
    static final URI UNAVAILABLE = URI.create("/problems/unavailable");
    static final URI INTERNAL = URI.create("/problems/internal-error");
    static final URI FORBIDDEN = URI.create("/problems/forbidden");
    static final URI NOT_FOUND = URI.create("/problems/not-found");

    @ExceptionHandler(InvalidEventsException.class)
    ProblemDetail invalidEvents(InvalidEventsException ex) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError e : ex.errors()) {
            errors.add(Map.of("field", e.field(), "message", e.message()));
        }
        String detail = ex.errors().stream().limit(10).map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid events")
                + (ex.errors().size() > 10 ? "; ... (" + ex.errors().size() + " in all)" : "")
                + ". Nothing of this batch was accepted.";
        return invalid(detail, errors);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
        problem.setType(FORBIDDEN);
        problem.setTitle("Forbidden");
        problem.setProperty("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage())));
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    @ExceptionHandler(InvalidAdminRequestException.class)
    ProblemDetail invalidAdminRequest(InvalidAdminRequestException ex) {
        return invalid(ex.getMessage(), ex.errors());
    }

    @ExceptionHandler(UnknownKeyException.class)
    ResponseEntity<ProblemDetail> unknownKey(UnknownKeyException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler(TokensNotIssuedHereException.class)
    ResponseEntity<ProblemDetail> noTokens(TokensNotIssuedHereException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setType(URI.create("/problems/tokens-not-issued"));
        problem.setTitle("Tokens are not issued here");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(EventsUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(EventsUnavailableException ex) {
        log.warn("batch not published: {}", ex.getMessage(), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                ex.getMessage() + "; nothing of the batch was stored, resend it unchanged (eventIds make it safe)");
        problem.setType(UNAVAILABLE);
        problem.setTitle("Event store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        BodySizeLimitFilter.PayloadTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            // a chunked body that outgrew its limit while a route was proxying it
            return tooLargeProblem(tooLarge);
        }
        log.error("unexpected failure", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        problem.setType(INTERNAL);
        return problem;
    }

    static BodySizeLimitFilter.PayloadTooLargeException tooLarge(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof BodySizeLimitFilter.PayloadTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    private static ProblemDetail tooLargeProblem(BodySizeLimitFilter.PayloadTooLargeException tooLarge) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
        problem.setType(TOO_LARGE);
        problem.setTitle("Payload too large");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            // Jackson wraps the stream's exception, so look through the whole chain first
            if (c instanceof BodySizeLimitFilter.PayloadTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLargeProblem(tooLarge));
            }
        }
        Throwable cause = ex.getCause();
        while (cause != null) {
            if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
                String field = path(databind.getPath());
                String message = "has a value of the wrong type or format";
                return ResponseEntity.badRequest().body(invalid(field + ": " + message,
                        List.of(Map.of("field", field, "message", message))));
            }
            if (cause instanceof JacksonException jackson) {
                String message = "is not valid JSON: " + jackson.getOriginalMessage();
                return ResponseEntity.badRequest().body(invalid("body " + message,
                        List.of(Map.of("field", "body", "message", message))));
            }
            cause = cause.getCause();
        }
        String message = "is missing or unreadable";
        return ResponseEntity.badRequest().body(invalid("body " + message,
                List.of(Map.of("field", "body", "message", message))));
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : references) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static ProblemDetail invalid(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }
}
