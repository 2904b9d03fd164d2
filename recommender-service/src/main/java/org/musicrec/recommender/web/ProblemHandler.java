package org.musicrec.recommender.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps every failure to RFC 9457 problem+json with a stable type and the offending fields named. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    static final URI INVALID_REQUEST = URI.create("/problems/invalid-request");
    static final URI INTERNAL = URI.create("/problems/internal-error");

    @ExceptionHandler(org.musicrec.registry.ModelNotFoundException.class)
    ProblemDetail modelNotFound(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setType(URI.create("/problems/not-found"));
        problem.setTitle("Model version not found");
        return problem;
    }

    @ExceptionHandler(org.musicrec.registry.ModelRejectedException.class)
    ProblemDetail modelRejected(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                ex.getMessage() + "; the model served before keeps serving");
        problem.setType(URI.create("/problems/model-rejected"));
        problem.setTitle("Model cannot be served");
        return problem;
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
        return invalid(ex.getMessage(), List.of(fieldError(ex.getMessage())));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
        String message = ex.getValue() instanceof Object[] values && values.length > 1
                ? ex.getName() + ": given " + values.length + " times; give it once"
                : ex.getName() + ": '" + (ex.getValue() instanceof Object[] values ? values[0] : ex.getValue())
                        + "' is not a valid " + (ex.getRequiredType() == null ? "value"
                        : ex.getRequiredType().getSimpleName());
        return invalid(message, List.of(Map.of("field", ex.getName(), "message", message)));
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
        log.error("unexpected failure", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        problem.setType(INTERNAL);
        return problem;
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
        String detail = errors.stream().map(e -> e.get("field") + ": " + e.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return ResponseEntity.badRequest().body(invalid(detail, errors));
    }

    private static Map<String, String> fieldError(String message) {
        int colon = message == null ? -1 : message.indexOf(':');
        return colon > 0 ? Map.of("field", message.substring(0, colon), "message", message.substring(colon + 1).trim())
                : Map.of("field", "request", "message", String.valueOf(message));
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
