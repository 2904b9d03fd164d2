package org.musicrec.support.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error page as problem+json, for the requests Tomcat refuses itself before any filter or handler sees
 * them (an encoded slash or backslash in the path, {@code []} or {@code {}} in the query, a request line it cannot
 * parse): the same shape as every other answer of the service, and nothing of the server revealed. Installed by
 * {@link ProblemErrorPages}; a service may name the refusal more precisely by overriding {@link #problemFor}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemDetail problem = problemFor(request.getRequestURI(), status);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(asMap(problem)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: nothing more to do
        }
    }

    /** The members as Spring MVC writes them, extension members ({@code errors}) at the top level. */
    public static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }

    /** The problem for a request Tomcat refused with this status; {@code rawPath} is the path as sent. */
    protected ProblemDetail problemFor(String rawPath, int status) {
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus answered = known == null ? HttpStatus.BAD_REQUEST : known;
        String detail = switch (answered) {
            case BAD_REQUEST -> "the request line, its path or query, or its headers could not be parsed or are too large"
                    + " (the request line and headers take at most 8 KB; a header name has no space before its ':'; one"
                    + " Content-Length, not negative): percent-encode the characters a URL does not allow as they are,"
                    + " such as [ ] { } \" and spaces";
            case NOT_IMPLEMENTED -> "the request's Transfer-Encoding is not supported: send the body with a"
                    + " Content-Length, or with Transfer-Encoding: chunked alone";
            case NOT_FOUND -> "nothing is served at this path";
            case REQUEST_TIMEOUT -> "the request did not arrive in time";
            case CONTENT_TOO_LARGE -> "the request is larger than the server accepts";
            default -> answered.is5xxServerError() ? "the server could not handle the request"
                    : answered.getReasonPhrase();
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(answered, detail);
        problem.setType(ProblemHandlerSupport.typeFor(answered.value()));
        problem.setTitle(answered.getReasonPhrase());
        return problem;
    }
}
