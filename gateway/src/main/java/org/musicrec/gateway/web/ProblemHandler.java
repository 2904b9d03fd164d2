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
import org.musicrec.events.ListeningEvent;
import org.musicrec.gateway.auth.AccessDeniedException;
import org.musicrec.gateway.auth.InvalidAdminRequestException;
import org.musicrec.gateway.auth.TokensNotIssuedHereException;
import org.musicrec.gateway.auth.UnknownKeyException;
import org.musicrec.gateway.events.EventsUnavailableException;
import org.musicrec.gateway.events.FieldError;
import org.musicrec.gateway.events.InvalidEventsException;
import org.musicrec.support.web.LimitedBodyRequest;
import org.musicrec.support.web.ProblemHandlerSupport;
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

/**
 * Maps the gateway's failures (events, keys and tokens, a service behind a route that fails) to RFC 9457
 * problem+json; request-shape failures and the rest are mapped by {@link ProblemHandlerSupport}.
 */
@RestControllerAdvice
class ProblemHandler extends ProblemHandlerSupport {

    /** The documented ranges of the event fields that a number can overflow. */
    @Override
    protected String rangeOf(String field, Class<?> type) {
        if (field != null && field.endsWith(".msPlayed")) {
            return "a whole number from 0 to " + ListeningEvent.MAX_MS_PLAYED;
        }
        if (field != null && field.endsWith(".playCount")) {
            return "a whole number from 1 to " + ListeningEvent.MAX_PLAY_COUNT;
        }
        return super.rangeOf(field, type);
    }

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    static final URI TOO_LARGE = URI.create("/problems/payload-too-large");
    static final URI FORBIDDEN = URI.create("/problems/forbidden");
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
        LimitedBodyRequest.BodyTooLargeException tooLarge = tooLarge(ex);
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

    @Override
    protected ResponseEntity<ProblemDetail> unexpectedFailure(Exception ex, HttpServletRequest request) {
        LimitedBodyRequest.BodyTooLargeException tooLarge = tooLarge(ex);
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
        return super.unexpectedFailure(ex, request);
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

    static LimitedBodyRequest.BodyTooLargeException tooLarge(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof LimitedBodyRequest.BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    private static ProblemDetail tooLargeProblem(LimitedBodyRequest.BodyTooLargeException tooLarge) {
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
        LimitedBodyRequest.BodyTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            // Jackson wraps the stream's exception: a body over its limit is the client's 413, not a JSON error
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLargeProblem(tooLarge));
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }
}
