package org.musicrec.recommender.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.musicrec.registry.ModelNotFoundException;
import org.musicrec.registry.ModelRejectedException;
import org.musicrec.support.web.ProblemHandlerSupport;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the recommender's failures to RFC 9457 problem+json; request-shape failures and the rest are mapped by
 * {@link ProblemHandlerSupport}.
 */
@RestControllerAdvice
class ProblemHandler extends ProblemHandlerSupport {

    @ExceptionHandler(ModelNotFoundException.class)
    ProblemDetail modelNotFound(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Model version not found");
        return problem;
    }

    @ExceptionHandler(ModelRejectedException.class)
    ProblemDetail modelRejected(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                ex.getMessage() + "; the model served before keeps serving");
        problem.setType(URI.create("/problems/model-rejected"));
        problem.setTitle("Model cannot be served");
        return problem;
    }

    /** The recommender's own checks throw "field: what is wrong"; the field is named in {@code errors}. */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalidArgument(IllegalArgumentException ex) {
        String message = String.valueOf(ex.getMessage());
        int colon = message.indexOf(':');
        Map<String, String> error = colon > 0
                ? fieldError(message.substring(0, colon), message.substring(colon + 1).trim())
                : fieldError("request", message);
        return invalid(message, List.of(error));
    }
}
