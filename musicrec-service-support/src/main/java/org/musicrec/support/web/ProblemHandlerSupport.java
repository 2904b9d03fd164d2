package org.musicrec.support.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The RFC 9457 problem+json mapping the services share. A request of the wrong shape (a body that is not JSON or
 * not of the expected shape, a parameter of the wrong type, a failed validation, a query string with a broken
 * percent-encoding) is a 400 of type {@code /problems/invalid-request} whose {@code errors} name each field;
 * Spring's own refusals (405, 406, 415, ...) get a stable type instead of {@code about:blank}; anything unexpected
 * is a logged 500 that shows no internals. Each service extends it as its {@code @RestControllerAdvice} and adds
 * the exceptions of its own domain.
 */
public abstract class ProblemHandlerSupport extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlerSupport.class);

    public static final URI INVALID_REQUEST = URI.create("/problems/invalid-request");
    public static final URI NOT_FOUND = URI.create("/problems/not-found");
    public static final URI UNAVAILABLE = URI.create("/problems/unavailable");
    public static final URI INTERNAL = URI.create("/problems/internal-error");

    /** The container could not decode the query string (a '%' without two hex digits, bytes that are not UTF-8). */
    @ExceptionHandler(InvalidParameterException.class)
    public ProblemDetail malformedQuery(InvalidParameterException ex, HttpServletRequest request) {
        String message = queryProblem(request.getQueryString());
        return invalid("the query string " + message, List.of(fieldError("query", message)));
    }

    /** What the container found wrong with a query string: a parameter without a name, or else its encoding. */
    public static String queryProblem(String query) {
        if (query != null) {
            for (String chunk : query.split("&")) {
                if (chunk.startsWith("=")) {
                    String shown = chunk.length() > 20 ? chunk.substring(0, 20) + "..." : chunk;
                    return "has a parameter without a name ('" + shown + "'): name it or leave it out";
                }
            }
        }
        return "has a malformed percent-encoding (each '%' must be followed by two hex digits, and the bytes must be"
                + " UTF-8): encode the parameter values";
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
        Object value = ex.getValue() instanceof Object[] values && values.length == 1 ? values[0] : ex.getValue();
        String shown = String.valueOf(value).length() > 40 ? String.valueOf(value).substring(0, 40) + "..."
                : String.valueOf(value);
        String message = ex.getValue() instanceof Object[] values && values.length > 1
                ? "given " + values.length + " times; give it once"
                : String.valueOf(value).matches("-?[0-9]{1,1000}") && ex.getRequiredType() != null
                        && !Boolean.class.equals(ex.getRequiredType()) && !boolean.class.equals(ex.getRequiredType())
                ? "'" + shown + "' is out of range for this parameter"
                : "'" + shown + "' is not " + expected(ex.getRequiredType());
        return invalid(ex.getName() + ": " + message, List.of(fieldError(ex.getName(), message)));
    }

    @ExceptionHandler(StrictParameters.RepeatedParameterException.class)
    public ProblemDetail repeatedParameter(StrictParameters.RepeatedParameterException ex) {
        String message = "given " + ex.times() + " times; give it once";
        return invalid(ex.name() + ": " + message, List.of(fieldError(ex.name(), message)));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ProblemDetail constraintViolation(ConstraintViolationException ex) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getConstraintViolations().forEach(v -> {
            String path = v.getPropertyPath().toString();
            errors.add(fieldError(path.substring(path.lastIndexOf('.') + 1), v.getMessage()));
        });
        return invalid(summary(errors), errors);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
        return unexpectedFailure(ex, request);
    }

    /**
     * What an exception no other handler claims becomes: a logged 500, or nothing at all when the client has gone
     * (nobody is left to answer, and it is not the service's failure). A service may look for its own causes first.
     */
    protected ResponseEntity<ProblemDetail> unexpectedFailure(Exception ex, HttpServletRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof LimitedBodyRequest.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
            }
        }
        if (clientWentAway(ex)) {
            log.info("client aborted {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
            return null;
        }
        log.error("unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        problem.setType(INTERNAL);
        return ResponseEntity.internalServerError().body(problem);
    }

    private static ProblemDetail tooLarge(LimitedBodyRequest.BodyTooLargeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
        problem.setType(typeFor(413));
        problem.setTitle("Payload too large");
        return problem;
    }

    /** The container's sign that the client closed the connection while its body was being read or written. */
    public static boolean clientWentAway(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("ClientAbortException") || t instanceof AsyncRequestNotUsableException) {
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
                errors.add(fieldError(error.getField(), String.valueOf(error.getDefaultMessage()))));
        ex.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(fieldError(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
        return ResponseEntity.badRequest().body(invalid(summary(errors), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bean) {
                // a @Valid body: name the field inside it, not the parameter
                bean.getFieldErrors().forEach(error ->
                        errors.add(fieldError(error.getField(), String.valueOf(error.getDefaultMessage()))));
                return;
            }
            String name = String.valueOf(result.getMethodParameter().getParameterName());
            result.getResolvableErrors().forEach(error ->
                    errors.add(fieldError(name, String.valueOf(error.getDefaultMessage()))));
        });
        return ResponseEntity.badRequest().body(invalid(summary(errors), errors));
    }

    /**
     * A body that could not be read, in the API's words: the field whose value has the wrong type or is out of
     * range is named with what it must be; a key given twice is named; JSON that does not parse gets where and what
     * went wrong. The reader's own vocabulary (its class, feature and setting names) never shows.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof LimitedBodyRequest.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
            }
        }
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                Map<String, String> error = bodyError(jackson);
                if (jackson instanceof InputCoercionException range) {
                    // a field's own documented range says more than the Java type's
                    String field = error.get("field");
                    error = fieldError(field, "is out of range: it must be " + rangeOf(field, range.getTargetType()));
                }
                return ResponseEntity.badRequest().body(invalid(error.get("field") + ": " + error.get("message"),
                        List.of(error)));
            }
        }
        return ResponseEntity.badRequest().body(invalid("body: is missing or unreadable",
                List.of(fieldError("body", "is missing or unreadable"))));
    }

    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate Object property \"(.{1,200})\"");

    /** The field and what is wrong with it, for a failure of the JSON reader. */
    static Map<String, String> bodyError(JacksonException ex) {
        String field = path(ex.getPath());
        String said = String.valueOf(ex.getOriginalMessage());
        if (ex instanceof StreamConstraintsException) {
            String limit = said.contains("nesting depth") ? "it is nested deeper than the reader allows (500 levels)"
                    : said.contains("Number value length") || said.contains("number length")
                    ? "it has a number longer than the reader allows (1000 digits)"
                    : said.contains("Name length") || said.contains("name length")
                    ? "it has a key longer than the reader allows" : "it is over a size limit of the reader";
            return fieldError("body", "cannot be read: " + limit);
        }
        if (ex instanceof InputCoercionException range) {
            return fieldError(field, "is out of range: it must be " + expectedRange(range.getTargetType()));
        }
        Matcher duplicate = DUPLICATE_KEY.matcher(said);
        if (duplicate.find()) {
            String key = field.equals("body") ? duplicate.group(1) : field + "." + duplicate.group(1);
            return fieldError(key, "is given twice; give each key once");
        }
        if (ex instanceof DatabindException) {
            if (!ex.getPath().isEmpty()) {
                Class<?> target = ex instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
                if (said.startsWith("Cannot map `null`")) {
                    return fieldError(field, "is missing or null: it must be " + expected(target));
                }
                return fieldError(field, "has a value of the wrong type or format"
                        + (target == null ? "" : ": it must be " + expected(target)));
            }
            if (said.startsWith("Trailing token")) {
                return fieldError("body", "has more after the JSON value: send one JSON object and nothing after it");
            }
            if (said.startsWith("No content to map")) {
                return fieldError("body", "is empty: send a JSON object");
            }
            return fieldError("body", "must be a JSON object with the documented fields");
        }
        TokenStreamLocation at = ex.getLocation();
        String where = at == null || at.getLineNr() < 1 ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return fieldError("body", "is not valid JSON" + where + ": " + parserWords(said));
    }

    /** The parser's description of a syntax error, up to where it starts to speak of its own settings. */
    static String parserWords(String message) {
        String words = message;
        for (String cut : List.of("\n", ": enable", " (not recognized", " (start marker", " [Source", "; ", " from `",
                " (for ")) {
            int at = words.indexOf(cut);
            if (at > 0) {
                words = words.substring(0, at);
            }
        }
        words = words.replace("`", "'").strip();
        return words.length() > 200 ? words.substring(0, 200) + "..." : words;
    }

    /**
     * The range of the whole-number field at this body path ({@code events[0].msPlayed}), in the API's words: by
     * default the range of its Java type; a service overrides it for fields with a narrower documented range.
     */
    protected String rangeOf(String field, Class<?> type) {
        return expectedRange(type);
    }

    /** The range of a whole-number field, in the API's words. */
    static String expectedRange(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Short.class || type == short.class) {
            return "a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        return expected(type);
    }

    /** A path nothing is served at: said in the API's words, not as Spring's "No static resource ...". */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            org.springframework.web.servlet.resource.NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "nothing is served at this path");
        problem.setTitle("Not found");
        return createResponseEntity(problem, headers, status, request);
    }

    /** A request without a {@code Content-Type} is told which one to send instead of "'null' is not supported". */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getContentType() == null || request.getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the request has no Content-Type; send one of " + ex.getSupportedMediaTypes());
            problem.setTitle("Unsupported media type");
            return createResponseEntity(problem, headers, status, request);
        }
        return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
    }

    /** Spring's own problems (405, 406, 415, ...) get a stable type like the others instead of {@code about:blank}. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                         WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(typeFor(statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** The stable problem type of a status that has no more specific one. */
    public static URI typeFor(int status) {
        return URI.create("/problems/" + switch (status) {
            case 400 -> "invalid-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 501 -> "not-implemented";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal-error" : "http-" + status;
        });
    }

    /** A 400 of type invalid-request with the offending fields in {@code errors}. */
    public static ProblemDetail invalid(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    public static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    /** "field: message; field: message", the detail line of a problem with several errors. */
    public static String summary(List<Map<String, String>> errors) {
        return errors.stream().map(e -> e.get("field") + ": " + e.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
    }

    /** The JSON path of a Jackson failure as a client writes it: {@code events[2].eventId}. */
    static String path(List<JacksonException.Reference> references) {
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

    /** What a value of this Java type is, in the words of the API's documentation rather than the class name. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == java.util.UUID.class) {
            return "a UUID such as 123e4567-e89b-42d3-a456-426614174000";
        }
        if (type == String.class || type == Character.class || type == char.class || type == URI.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time such as 2026-01-31T12:00:00Z";
        }
        if (java.time.Duration.class.isAssignableFrom(type)) {
            return "an ISO-8601 duration such as PT1H";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
