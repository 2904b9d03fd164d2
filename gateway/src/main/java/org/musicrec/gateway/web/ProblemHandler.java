package org.musicrec.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
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
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;
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
    static final URI UPSTREAM_TIMEOUT = URI.create("/problems/upstream-timeout");

    /** How a call to a service behind a route failed. */
    enum UpstreamFailure {
        /** Connected, but no answer within the route's timeout: 504. */
        TIMEOUT,
        /** Refused, unreachable or not connected within the connect timeout: 503. */
        UNREACHABLE
    }

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

    /**
     * A route's call to its service failed without an answer: a timeout is 504, a refused or unreachable service
     * 503, never a 500. (Recommendations do not get here: their handler answers with the fallback.)
     */
    @ExceptionHandler(ResourceAccessException.class)
    ResponseEntity<ProblemDetail> upstreamFailed(ResourceAccessException ex, HttpServletRequest request) {
        BodySizeLimitFilter.PayloadTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            // the client's chunked body outgrew its limit while it streamed to the service: the client's 413
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLargeProblem(tooLarge));
        }
        UpstreamFailure failure = upstreamFailure(ex);
        Object routeId = request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR);
        String service = routeId == null ? "the service behind this route" : "the service behind route '" + routeId + "'";
        if (failure == UpstreamFailure.TIMEOUT) {
            log.warn("{} {}: {} did not answer in time: {}", request.getMethod(), request.getRequestURI(), service,
                    ex.getMessage());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
                    service + " did not answer within the route's timeout; it may still complete the request");
            problem.setType(UPSTREAM_TIMEOUT);
            problem.setTitle("Service did not answer in time");
            return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(problem);
        }
        log.warn("{} {}: {} is unreachable: {}", request.getMethod(), request.getRequestURI(), service,
                ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                service + " is unreachable or broke off the connection without an answer; retry shortly");
        problem.setType(UNAVAILABLE);
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
        BodySizeLimitFilter.PayloadTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            // a chunked body that outgrew its limit while a route was proxying it
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLargeProblem(tooLarge));
        }
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            // a proxy may wrap the client's exception
            if (c instanceof ResourceAccessException upstream) {
                return upstreamFailed(upstream, request);
            }
        }
        log.error("unexpected failure", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        problem.setType(INTERNAL);
        return ResponseEntity.internalServerError().body(problem);
    }

    /** A timeout when the chain has one and the service was reached; otherwise the service is unavailable. */
    static UpstreamFailure upstreamFailure(Throwable ex) {
        boolean timedOut = false;
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException || c instanceof ConnectException
                    || c instanceof NoRouteToHostException || c instanceof PortUnreachableException
                    || c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return UpstreamFailure.UNREACHABLE;
            }
            if (c instanceof HttpTimeoutException || c instanceof SocketTimeoutException
                    || c instanceof java.util.concurrent.TimeoutException) {
                timedOut = true;
            }
        }
        // any other I/O failure (a reset, a connection closed before the answer) leaves the service unavailable
        return timedOut ? UpstreamFailure.TIMEOUT : UpstreamFailure.UNREACHABLE;
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

    /** A path no route, controller or document serves: 404 with the stable type, not Spring's resource wording. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "nothing is served at " + ex.getHttpMethod() + " /" + ex.getResourcePath()
                        + "; see /openapi/gateway.yaml for the routes");
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
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
