package org.musicrec.gateway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.musicrec.gateway.auth.ApiKeys;
import org.musicrec.gateway.auth.Role;
import org.musicrec.gateway.auth.UserTokens;
import org.musicrec.gateway.fallback.PopularTracks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real gateway in front of services that accept a request and never answer, then of one that is gone: a
 * route's timeout is a 504 problem within that timeout, a refused connection a 503 problem, never a 500; the
 * recommendations route answers from its popular-tracks fallback instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamFailureIT {

    static final Duration ROUTE_TIMEOUT = Duration.ofMillis(1200);
    static final String POPULAR = """
            {"userId":"gateway.popular","model":"popularity","strategy":"popular","fallback":false,"items":[
            {"trackId":"hit-1","score":0.9},{"trackId":"hit-2","score":0.8},{"trackId":"hit-3","score":0.7}]}""";
    static final StubService embedding;
    static final StubService recommender;

    static {
        try {
            embedding = StubService.hangingOn(uri -> true, "{}");
            // the recommender still hands out its popular list, then hangs on every user
            recommender = StubService.hangingOn(uri -> !uri.getPath().contains("/gateway.popular/"), POPULAR);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        StubService.registerGateway(registry, embedding, recommender);
        String timeout = ROUTE_TIMEOUT.toMillis() + "ms";
        for (String route : List.of("tracks", "audio", "admin", "recommendations")) {
            registry.add("musicrec.routes." + route, () -> timeout);
        }
        registry.add("musicrec.routes.connect-timeout", () -> "500ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys keys;

    @Autowired
    UserTokens tokens;

    @Autowired
    PopularTracks popularTracks;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private String appKey;
    private String trustedKey;
    private String adminKey;

    @BeforeAll
    void keys() {
        appKey = keys.create("timeouts-app", Set.of(Role.APP)).secret();
        trustedKey = keys.create("timeouts-trusted", Set.of(Role.TRUSTED)).secret();
        adminKey = keys.create("timeouts-admin", Set.of(Role.ADMIN)).secret();
    }

    @AfterAll
    void stopStubs() {
        embedding.close();
        recommender.close();
    }

    @Test
    @Order(1)
    void aHungServiceIsA504ProblemWithinTheRouteTimeout() throws Exception {
        record Call(String method, String path, String key, String contentType, byte[] body) {
        }
        for (Call c : List.of(new Call("GET", "/api/v1/tracks/t-1", appKey, null, null),
                new Call("GET", "/api/v1/tracks/t-1/similar", appKey, null, null),
                new Call("PUT", "/api/v1/tracks/t-1", trustedKey, "application/json",
                        "{\"title\":\"x\",\"artist\":\"y\",\"tags\":[]}".getBytes()),
                new Call("PUT", "/api/v1/tracks/t-1/audio", trustedKey, "application/octet-stream", new byte[4096]),
                new Call("GET", "/api/v1/admin/embedding/models", adminKey, null, null),
                new Call("GET", "/api/v1/admin/ingestion", adminKey, null, null))) {
            HttpRequest.Builder request = request(c.path(), c.key());
            if (c.body() != null) {
                request.header("Content-Type", c.contentType());
            }
            request.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.statusCode()).as("%s %s: %s", c.method(), c.path(), r.body()).isEqualTo(504);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/upstream-timeout");
            assertThat(problem.get("status").asInt()).isEqualTo(504);
            assertThat(problem.get("detail").asString()).contains("did not answer");
            // it waited for the route's timeout, and not much longer
            assertThat(took).as(c.path()).isBetween(ROUTE_TIMEOUT.minusMillis(100), ROUTE_TIMEOUT.plusSeconds(2));
        }
        assertThat(embedding.received()).extracting(StubService.Received::rawPath)
                .contains("/api/v1/tracks/t-1", "/api/v1/tracks/t-1/audio", "/api/v1/admin/embedding/models");
    }

    @Test
    @Order(2)
    void aHungRecommenderIsAnsweredFromThePopularFallbackWithinItsTimeout() throws Exception {
        popularTracks.refresh();
        String token = tokens.issue("listener-1", Set.of(), Duration.ofMinutes(10));
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(request("/api/v1/users/listener-1/recommendations?limit=2", appKey)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(took).isLessThan(ROUTE_TIMEOUT.plusSeconds(1));
        assertThat(r.headers().firstValue("X-Fallback")).hasValue("recommender-unavailable");
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("fallback").asBoolean()).isTrue();
        assertThat(body.get("userId").asString()).isEqualTo("listener-1");
        assertThat(body.get("items").findValuesAsString("trackId")).containsExactly("hit-1", "hit-2");
        assertThat(recommender.received()).extracting(StubService.Received::rawPath)
                .contains("/api/v1/users/listener-1/recommendations");

        // the fallback applies the recommender's parameter rules: a bad request stays a 400, not a popular list
        Map<String, String> badQueries = Map.ofEntries(Map.entry("limit=abc", "limit"), Map.entry("limit=0", "limit"),
                Map.entry("limit=100000", "limit"), Map.entry("excludePlayed=maybe", "excludePlayed"),
                Map.entry("tag=", "tag"), Map.entry("limit=1&limit=2", "limit"), Map.entry("limit=0x10", "limit"),
                Map.entry("limit=%2B5", "limit"), Map.entry("limit=%EF%BC%95", "limit"), Map.entry("limit=", "limit"),
                Map.entry("excludePlayed=yes", "excludePlayed"), Map.entry("tag=rock&tag=jazz", "tag"));
        for (Map.Entry<String, String> bad : badQueries.entrySet()) {
            r = http.send(request("/api/v1/users/listener-1/recommendations?" + bad.getKey(), appKey)
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(bad.getKey() + ": " + r.body()).isEqualTo(400);
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
            assertThat(problem.get("errors").findValuesAsString("field")).as(bad.getKey()).containsExactly(bad.getValue());
        }
        // the user id follows the recommender's rules too (a trusted key may ask for anyone)
        for (String user : List.of("bad%20id", "a%E2%80%AEb", "u".repeat(200))) {
            r = http.send(request("/api/v1/users/" + user + "/recommendations", trustedKey).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(user + ": " + r.body()).isEqualTo(400);
            assertThat(json.readTree(r.body()).get("errors").findValuesAsString("field")).containsExactly("userId");
        }
        // a tag filter cannot be applied to the popular list: a 503 that says so, not an unfiltered list
        r = http.send(request("/api/v1/users/listener-1/recommendations?tag=jazz", appKey)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(json.readTree(r.body()).get("detail").asString()).contains("cannot apply the tag filter");
        // a query string the servlet container cannot decode is refused before any handler reads it
        for (String query : List.of("tag=%FF", "limit=%G1", "tag=abc%")) {
            RawHttp.Response raw = RawHttp.send(port, "GET", "/api/v1/users/listener-1/recommendations?" + query,
                    Map.of("X-API-Key", appKey, "Authorization", "Bearer " + token), null);
            assertThat(raw.status()).as(query + ": " + raw.body()).isEqualTo(400);
            assertThat(raw.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(json.readTree(raw.body()).get("detail").asString()).contains("percent-encoding");
        }
    }

    @Test
    @Order(3)
    void aServiceThatIsGoneIsA503Problem() throws Exception {
        embedding.close();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(request("/api/v1/tracks/t-1", appKey).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/unavailable");
        assertThat(problem.get("detail").asString()).contains("route 'tracks'", "unreachable");
        assertThat(took).isLessThan(ROUTE_TIMEOUT);
    }

    private HttpRequest.Builder request(String path, String key) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("X-API-Key", key);
    }
}
