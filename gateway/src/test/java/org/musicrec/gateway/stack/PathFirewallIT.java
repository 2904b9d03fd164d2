package org.musicrec.gateway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicrec.gateway.auth.ApiKeys;
import org.musicrec.gateway.auth.Role;
import org.musicrec.gateway.auth.UserTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paths written so that a prefix check on the raw URI and the route that matches disagree (path parameters,
 * encoded slashes, dots and letters, backslashes, empty and dot segments), sent to the real gateway with stub
 * services behind it: every one is a 400 problem before authentication, or judged on the path the route sees;
 * none reaches a service or an admin route.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathFirewallIT {

    static final String STUB_ANSWER = "{\"stub\":true}";
    static final StubService embedding;
    static final StubService recommender;

    static {
        try {
            embedding = StubService.answering(STUB_ANSWER);
            recommender = StubService.answering(STUB_ANSWER);
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        StubService.registerGateway(registry, embedding, recommender);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys keys;

    @Autowired
    UserTokens tokens;

    private final JsonMapper json = JsonMapper.builder().build();
    private String appKey;
    private String adminKey;
    private String userToken;

    @BeforeAll
    void keys() {
        appKey = keys.create("firewall-app", Set.of(Role.APP)).secret();
        adminKey = keys.create("firewall-admin", Set.of(Role.ADMIN)).secret();
        userToken = tokens.issue("me", Set.of(), Duration.ofMinutes(10));
    }

    @AfterAll
    void stopStubs() {
        embedding.close();
        recommender.close();
    }

    /** method | raw path | words the detail must contain */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /api/v1/admin;x=1/api-keys                | path parameter",
            "GET    | /api/v1/admin;/api-keys                   | path parameter",
            "POST   | /api/v1/admin;x=1/tokens                  | path parameter",
            "GET    | /api;x/v1/admin/api-keys                  | path parameter",
            "GET    | /api/v1/admin;x=1/ingestion               | path parameter",
            "GET    | /api/v1/admin;x=1/embedding/models        | path parameter",
            "PUT    | /api/v1/tracks;x/t-1                      | path parameter",
            "GET    | /api/v1/users;x/victim/recommendations    | path parameter",
            "GET    | /api/v1/admin%3Bx/api-keys                | path parameter",
            "GET    | /api/v1/tracks/x%2F..%2F..%2Fadmin%2Fapi-keys | encoded slash",
            "GET    | /api/v1/tracks/x%2f..%2f..%2fadmin%2fapi-keys | encoded slash",
            "GET    | /api/v1/tracks/x%5C..%5Cadmin             | backslash",
            "GET    | /api/v1/tracks/x%5c..%5cadmin             | backslash",
            "GET    | /api/v1/tracks/x\\..\\admin               | backslash",
            "GET    | /api/v1/tracks/x/%2e%2e/%2e%2e/admin/api-keys | encoded dot",
            "GET    | /api/v1/tracks/%2E%2E/%2E%2E/admin/api-keys   | encoded dot",
            "GET    | /api/v1/tracks/t/../../admin/api-keys     | dot segment",
            "GET    | /api/v1/tracks/./t-1                      | dot segment",
            "GET    | /api/v1/tracks/t-1/..                     | dot segment",
            "GET    | /api/v1//admin/api-keys                   | empty segment",
            "GET    | //api/v1/admin/api-keys                   | empty segment",
            "GET    | /api/v1/tracks/%252e%252e/admin           | encoded percent",
    })
    void oddPathsAreA400ProblemBeforeAnyAuthDecision(String method, String path, String words) throws Exception {
        for (String key : new String[] {null, appKey}) {
            RawHttp.Response r = send(method, path, key, method.equals("GET") ? null
                    : "{\"userId\":\"ops\",\"roles\":[\"admin\"],\"title\":\"x\",\"artist\":\"y\"}");
            assertThat(r.status()).as("%s %s (key %s): %s", method, path, key != null, r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-path");
            assertThat(problem.get("detail").asString()).contains(words);
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("path");
            assertThat(r.body()).doesNotContain("mrk_");
        }
        assertThat(embedding.received()).noneMatch(rx -> rx.rawPath().contains("admin") || rx.rawPath().contains(";"));
        assertThat(recommender.received()).noneMatch(rx -> rx.rawPath().contains("victim")
                || rx.rawPath().contains(";"));
    }

    @Test
    void percentEncodedLettersAreJudgedOnThePathTheRouteMatches() throws Exception {
        // Spring decodes %61 to 'a' before matching, so the policy must see /api/v1/admin/api-keys too
        RawHttp.Response admin = send("GET", "/api/v1/%61dmin/api-keys", appKey, null);
        assertThat(admin.status()).as(admin.body()).isEqualTo(403);
        assertThat(json.readTree(admin.body()).get("type").asString()).isEqualTo("/problems/forbidden");
        RawHttp.Response noKey = send("GET", "/%61pi/v1/admin/api-keys", null, null);
        assertThat(noKey.status()).as(noKey.body()).isEqualTo(401);
        RawHttp.Response write = send("PUT", "/api/v1/%74racks/t-1", appKey, "{\"title\":\"x\",\"artist\":\"y\"}");
        assertThat(write.status()).as(write.body()).isEqualTo(403);
        RawHttp.Response other = sendWithToken("GET", "/api/v1/%75sers/victim/recommendations", appKey);
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        assertThat(embedding.received()).noneMatch(rx -> rx.method().equals("PUT"));
        assertThat(recommender.received()).noneMatch(rx -> rx.rawPath().contains("victim"));
    }

    @Test
    void ordinaryPathsStillReachTheirRoutes() throws Exception {
        RawHttp.Response track = send("GET", "/api/v1/tracks/t-ok?note=a;b", appKey, null);
        assertThat(track.status()).as(track.body()).isEqualTo(200);
        assertThat(track.body()).isEqualTo(STUB_ANSWER);
        // a ';' in the query is no path parameter: it passes (the proxy re-encodes it)
        assertThat(embedding.received()).anyMatch(rx -> rx.method().equals("GET")
                && rx.rawPath().equals("/api/v1/tracks/t-ok")
                && java.net.URLDecoder.decode(rx.rawQuery(), java.nio.charset.StandardCharsets.UTF_8).equals("note=a;b"));
        RawHttp.Response listed = send("GET", "/api/v1/admin/api-keys", adminKey, null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(json.readTree(listed.body()).get("keys").findValuesAsString("name")).contains("firewall-app");
        assertThat(send("GET", "/api/v1/admin/api-keys", appKey, null).status()).isEqualTo(403);
        // documentation stays open, and is under the same rules for odd paths
        assertThat(send("GET", "/openapi/gateway.yaml", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/openapi;x/gateway.yaml", null, null).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET|/actuator/health|*/*|a wildcard",
            "GET|/openapi/gateway.yaml|text/*|a wildcard",
            "GET|/api/v1/tracks/t-ok|application/*|a wildcard",
            "POST|/api/v1/events|*/*|a wildcard",
            "GET|/actuator/health|no-slash|not a media type",
            "POST|/api/v1/events|application/json; charset=utf-16|bodies are UTF-8"})
    void aContentTypeThatNamesNoTypeIsA415ProblemNotA500(String method, String path, String contentType,
                                                         String words) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Type", contentType));
        if (path.startsWith("/api/")) {
            headers.put("X-API-Key", appKey);
        }
        RawHttp.Response r = RawHttp.send(port, method, path, headers, null);
        assertThat(r.status()).as(method + " " + path + " " + contentType + ": " + r.body()).isEqualTo(415);
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/unsupported-media-type");
        assertThat(problem.get("detail").asString()).contains(contentType).contains(words);
        // a concrete type still passes the firewall
        assertThat(RawHttp.send(port, "GET", "/actuator/health", Map.of("Content-Type", "application/json"), null)
                .status()).isEqualTo(200);
    }

    @Test
    void aCompressedBodyIsA415ProblemNamingTheCoding() throws Exception {
        RawHttp.Response r = RawHttp.send(port, "POST", "/api/v1/events", Map.of("X-API-Key", appKey,
                "Content-Encoding", "gzip"), "{\"events\":[]}");
        assertThat(r.status()).as(r.body()).isEqualTo(415);
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/unsupported-media-type");
        assertThat(problem.get("detail").asString()).contains("Content-Encoding 'gzip'");
    }

    @Test
    void aCredentialHeaderGivenTwiceIsA400NotTheFirstOneWins() throws Exception {
        // two names that differ in case only: two lines of the same header
        RawHttp.Response r = RawHttp.send(port, "GET", "/api/v1/tracks/t-ok",
                Map.of("X-API-Key", appKey, "x-api-key", appKey), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("detail").asString()).contains("X-API-Key header is given 2 times");
    }

    @Test
    void aControlCharacterInAQueryValueIsA400() throws Exception {
        for (String query : List.of("tag=%00", "tag=a%0Ab", "x=%7F")) {
            RawHttp.Response r = RawHttp.send(port, "GET", "/api/v1/tracks/t-ok?" + query, Map.of("X-API-Key", appKey),
                    null);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(json.readTree(r.body()).get("detail").asString()).contains("control character");
        }
        assertThat(RawHttp.send(port, "GET", "/api/v1/tracks/t-ok?tag=rock%20pop", Map.of("X-API-Key", appKey), null)
                .status()).isEqualTo(200);
    }

    @Test
    void anUnreadableAcceptIsA406ProblemNotAnEmptyAnswer() throws Exception {
        for (String path : List.of("/actuator/health", "/api/v1/tracks/t-ok")) {
            RawHttp.Response r = RawHttp.send(port, "GET", path, Map.of("X-API-Key", appKey, "Accept", "garbage"), null);
            assertThat(r.status()).as(path).isEqualTo(406);
            assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(json.readTree(r.body()).get("detail").asString()).contains("'garbage' is not a list");
        }
    }

    private RawHttp.Response send(String method, String path, String key, String body) throws Exception {
        return RawHttp.send(port, method, path, key == null ? Map.of() : Map.of("X-API-Key", key), body);
    }

    private RawHttp.Response sendWithToken(String method, String path, String key) throws Exception {
        return RawHttp.send(port, method, path, Map.of("X-API-Key", key, "Authorization", "Bearer " + userToken),
                null);
    }
}
