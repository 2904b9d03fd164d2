package org.musicrec.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.musicrec.support.web.ProblemHandlerSupport;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's {@code /error} page: what the container reports after the filters (a body that stalled
 * past the connection timeout: 408; an error no handler mapped) is problem+json like every other answer, with a
 * stable type and no internals. A request for {@code /error} itself is an unknown path, a 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${spring.web.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        if (status == null || !(status.is4xxClientError() || status.is5xxServerError())) {
            status = HttpStatus.NOT_FOUND;
        }
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri : null;
        String detail = switch (status) {
            case NOT_FOUND -> "no route for " + (path == null ? "this path" : path);
            case REQUEST_TIMEOUT -> "the request body did not arrive in time";
            default -> status.getReasonPhrase();
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemHandlerSupport.typeFor(status.value()));
        problem.setTitle(status.getReasonPhrase());
        if (path != null) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // a path the container let through but that is no valid URI: leave the instance out
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
