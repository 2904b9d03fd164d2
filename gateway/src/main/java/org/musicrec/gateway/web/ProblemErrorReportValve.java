package org.musicrec.gateway.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error page as problem+json, for the requests Tomcat refuses itself before any filter sees them (an
 * encoded slash or backslash in the path, a raw backslash, a request line it cannot parse). A path is named with
 * the same words as {@link PathFirewall}; nothing of the server is revealed.
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
    static Map<String, Object> asMap(ProblemDetail problem) {
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

    static ProblemDetail problemFor(String rawPath, int status) {
        List<String> found = rawPath == null ? List.of() : PathFirewall.problemsWith(rawPath);
        if (status == HttpStatus.BAD_REQUEST.value() && !found.isEmpty()) {
            return PathFirewall.refusal(found);
        }
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus answered = known == null ? HttpStatus.BAD_REQUEST : known;
        String type;
        String detail;
        if (answered.is5xxServerError()) {
            type = "/problems/internal-error";
            detail = "the server could not handle the request";
        } else if (answered == HttpStatus.CONTENT_TOO_LARGE) {
            type = "/problems/payload-too-large";
            detail = "the request is larger than the server accepts";
        } else {
            type = "/problems/invalid-request";
            detail = "the request line or its headers could not be parsed";
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(answered, detail);
        problem.setType(URI.create(type));
        problem.setTitle(answered.getReasonPhrase());
        return problem;
    }
}
