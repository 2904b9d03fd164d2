package org.musicrec.gateway.fallback;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.musicrec.gateway.auth.Caller;
import org.musicrec.gateway.config.RouteProperties;
import org.musicrec.gateway.config.ServiceProperties;
import org.musicrec.events.ListeningEvent;
import org.musicrec.gateway.observability.CorrelationIdFilter;
import org.musicrec.support.web.StrictParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/users/{userId}/recommendations}: the recommender's answer when it gives one in time (its
 * status and body unchanged, 4xx included); otherwise, and while the circuit breaker is open, the last good
 * popular list with {@code "fallback": true} and the header {@code X-Fallback}, after the recommender's own checks of
 * the user id and parameters (a request with a tag filter, which the popular list cannot apply, gets a 503). The caller is checked against
 * the user of the path again, whatever the filters decided (defence in depth).
 */
@Component
public class RecommendationHandler implements HandlerFunction<ServerResponse> {

    public static final String FALLBACK_HEADER = "X-Fallback";
    private static final Logger log = LoggerFactory.getLogger(RecommendationHandler.class);

    /** The recommender answered 5xx: counts as a failure for the breaker. */
    private static final class RecommenderFailed extends RuntimeException {
        RecommenderFailed(HttpStatusCode status) {
            super("the recommender answered " + status.value());
        }
    }

    private record Upstream(HttpStatusCode status, MediaType contentType, byte[] body) {
    }

    private final RecommenderClient client;
    private final PopularTracks popular;
    private final URI recommender;
    private final int maxItems;

    RecommendationHandler(RecommenderClient client, PopularTracks popular, ServiceProperties services,
                          RouteProperties routes) {
        this.client = client;
        this.popular = popular;
        this.recommender = services.recommenderUri();
        this.maxItems = routes.popular().size();
    }

    @Override
    public ServerResponse handle(ServerRequest request) {
        String userId = request.pathVariable("userId");
        if (!(request.attribute(Caller.ATTRIBUTE).orElse(null) instanceof Caller caller) || !caller.mayActFor(userId)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "recommendations of user '" + userId + "' need that user's token or a trusted key");
            problem.setType(URI.create("/problems/forbidden"));
            problem.setTitle("Forbidden");
            return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        // forwarded as received: '=' or '&' inside a value must reach the recommender untouched, not be re-parsed
        String rawQuery = request.uri().getRawQuery();
        URI target;
        try {
            target = URI.create(recommender.toString().replaceAll("/+$", "") + request.uri().getRawPath()
                    + (rawQuery == null ? "" : "?" + rawQuery));
        } catch (IllegalArgumentException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "the query string is not a valid URI query: " + e.getMessage());
            problem.setType(URI.create("/problems/invalid-request"));
            problem.setTitle("Bad Request");
            return ServerResponse.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        String correlationId = request.headers().firstHeader(CorrelationIdFilter.HEADER);
        try {
            Upstream answer = client.breaker().executeSupplier(() -> call(target, correlationId));
            ServerResponse.BodyBuilder response = ServerResponse.status(answer.status());
            if (answer.contentType() != null) {
                response.contentType(answer.contentType());
            }
            return response.body(answer.body());
        } catch (CallNotPermittedException | RecommenderFailed | RestClientException e) {
            log.warn("recommendations for {} from the fallback: {}", userId, e.getMessage());
            // the recommender checks the parameters when it answers; without it, the same rules apply here
            List<Map<String, String>> errors = new java.util.ArrayList<>();
            if (!ListeningEvent.ID_PATTERN.matcher(userId).matches()) {
                errors.add(Map.of("field", "userId", "message", "must be 1-128 characters of letters, digits, '.',"
                        + " '_', ':' or '-' (not '.' or '..')"));
            }
            errors.addAll(parameterErrors(request));
            if (!errors.isEmpty()) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, errors.stream()
                        .map(error -> error.get("field") + ": " + error.get("message"))
                        .collect(java.util.stream.Collectors.joining("; ")));
                problem.setType(URI.create("/problems/invalid-request"));
                problem.setTitle("Bad Request");
                problem.setProperty("errors", errors);
                return ServerResponse.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
            }
            if (request.param("tag").isPresent()) {
                // the popular list carries no tags: answering it unfiltered would ignore what was asked for
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "the recommender is unavailable, and the popular fallback cannot apply the tag filter;"
                                + " retry shortly, or ask without tag for popular tracks");
                problem.setType(URI.create("/problems/unavailable"));
                problem.setTitle("Recommendations unavailable");
                return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
            }
            return fallback(userId, limit(request));
        }
    }

    private Upstream call(URI target, String correlationId) {
        return client.restClient().get().uri(target)
                .header(CorrelationIdFilter.HEADER, correlationId)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .exchange((req, res) -> {
                    if (res.getStatusCode().is5xxServerError()) {
                        throw new RecommenderFailed(res.getStatusCode());
                    }
                    try {
                        return new Upstream(res.getStatusCode(), res.getHeaders().getContentType(),
                                res.getBody().readAllBytes());
                    } catch (IOException e) {
                        throw new RestClientException("reading the recommender's answer failed", e);
                    }
                });
    }

    private ServerResponse fallback(String userId, int limit) {
        Optional<ObjectNode> body = popular.fallbackFor(userId, limit);
        if (body.isPresent()) {
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                    .header(FALLBACK_HEADER, "recommender-unavailable").body(body.get());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the recommender is unavailable and no popular list is held yet; retry shortly");
        problem.setType(URI.create("/problems/unavailable"));
        problem.setTitle("Recommendations unavailable");
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * The recommender's rules for its query parameters ({@link StrictParameters}): limit a whole number 1..1000,
     * excludePlayed true or false, tag 1..100 chars, each given once.
     */
    static List<Map<String, String>> parameterErrors(ServerRequest request) {
        List<Map<String, String>> errors = new java.util.ArrayList<>();
        Map<String, List<String>> params = request.params();
        for (String name : List.of("limit", "excludePlayed", "tag")) {
            List<String> values = params.getOrDefault(name, List.of());
            if (values.size() > 1) {
                errors.add(Map.of("field", name, "message", "given " + values.size() + " times; give it once"));
                continue;
            }
            if (values.isEmpty()) {
                continue;
            }
            String value = values.get(0);
            String message = switch (name) {
                case "limit" -> {
                    try {
                        int limit = StrictParameters.wholeNumber(value);
                        yield limit < 1 || limit > 1000 ? "must be between 1 and 1000" : null;
                    } catch (IllegalArgumentException e) {
                        yield value.matches("-?[0-9]{1,1000}") ? "must be between 1 and 1000"
                                : "'" + (value.length() > 40 ? value.substring(0, 40) + "..." : value)
                                        + "' is not a whole number";
                    }
                }
                case "excludePlayed" -> {
                    try {
                        StrictParameters.bool(value);
                        yield null;
                    } catch (IllegalArgumentException e) {
                        yield "'" + value + "' is not true or false";
                    }
                }
                default -> value.isEmpty() || value.length() > 100 ? "size must be between 1 and 100" : null;
            };
            if (message != null) {
                errors.add(Map.of("field", name, "message", message));
            }
        }
        return errors;
    }

    private int limit(ServerRequest request) {
        try {
            int limit = request.param("limit").map(StrictParameters::wholeNumber).orElse(20);
            return Math.max(1, Math.min(limit, maxItems));
        } catch (IllegalArgumentException e) {
            return 20;
        }
    }
}
