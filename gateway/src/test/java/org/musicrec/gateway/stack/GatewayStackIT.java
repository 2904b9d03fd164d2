package org.musicrec.gateway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.musicrec.gateway.fallback.PopularTracks;
import org.musicrec.testsupport.RealServices;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real gateway in front of the real recommender-service and embedding-service (their Boot jars, started as
 * processes) on a real Kafka and PostgreSQL: authentication, authorisation, rate limits, body limits, the happy
 * path of every route, and the fallback when the recommender is gone (last, as it stops the recommender).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayStackIT {

    static final String EVENTS = RealServices.topic("listening-events");
    static final String TRACKS = RealServices.topic("tracks");
    static final byte[] SECRET = new byte[32];
    static final int USER_BUDGET = 10;
    static final Duration RECOMMENDER_TIMEOUT = Duration.ofMillis(1500);
    static final int AUDIO_LIMIT_BYTES = 96 * 1024;
    static Path home;
    static ServiceProcess recommender;
    static ServiceProcess embedding;

    static {
        new SecureRandom().nextBytes(SECRET);
    }

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        RealServices.register(registry);
        home = Files.createTempDirectory("gateway-it-home");
        var db = RealServices.endpoints();
        Map<String, String> env = new HashMap<>();
        env.put("POSTGRES_URL", db.jdbcUrl());
        env.put("POSTGRES_USER", db.jdbcUser());
        env.put("POSTGRES_PASSWORD", db.jdbcPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", db.kafkaBootstrap());
        env.put("TOPIC_LISTENING_EVENTS", EVENTS);
        env.put("TOPIC_LISTENING_EVENTS_DLT", EVENTS + ".DLT");
        env.put("TOPIC_TRACKS", TRACKS);
        env.put("TOPIC_TRACK_EMBEDDINGS", RealServices.topic("track-embeddings"));
        env.put("TOPIC_PARTITIONS", "2");
        env.put("KAFKA_GROUP_ID", "recommender-it-" + RealServices.RUN_ID);
        env.put("POPULARITY_REFRESH", "1s");
        env.put("MUSICREC_HOME", home.toString());
        recommender = ServiceProcess.start("recommender-service", env);
        embedding = ServiceProcess.start("embedding-service", env);
        recommender.awaitReady(Duration.ofMinutes(3));
        embedding.awaitReady(Duration.ofMinutes(3));
        registry.add("musicrec.services.recommender-uri", () -> recommender.base().toString());
        registry.add("musicrec.services.embedding-uri", () -> embedding.base().toString());
        registry.add("musicrec.topics.listening-events", () -> EVENTS);
        registry.add("musicrec.topics.partitions", () -> "2");
        registry.add("musicrec.auth.jwt.hs256-secret", () -> Base64.getEncoder().encodeToString(SECRET));
        registry.add("musicrec.auth.bootstrap-key-file", () -> home.resolve("gateway/admin-api-key").toString());
        registry.add("musicrec.rate-limits.user.capacity", () -> Integer.toString(USER_BUDGET));
        registry.add("musicrec.limits.default-body", () -> "16KB");
        registry.add("musicrec.limits.events-body", () -> "64KB");
        registry.add("musicrec.limits.audio-body", () -> AUDIO_LIMIT_BYTES / 1024 + "KB");
        registry.add("musicrec.routes.recommendations", () -> RECOMMENDER_TIMEOUT.toMillis() + "ms");
        registry.add("musicrec.routes.popular.refresh-interval", () -> "1h");
    }

    @LocalServerPort
    int port;

    @Autowired
    PopularTracks popularTracks;

    @Autowired
    List<org.springframework.web.servlet.function.RouterFunction<?>> routerFunctions;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private String adminKey;
    private String appKey;
    private String trustedKey;

    @BeforeAll
    void keys() throws Exception {
        adminKey = Files.readString(home.resolve("gateway/admin-api-key")).trim();
        appKey = createKey("mobile-it", "app");
        trustedKey = createKey("importer-it", "trusted");
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void everyRouteWithoutCredentialsIs401ProblemJson() throws Exception {
        for (String[] route : List.of(new String[] {"GET", "/api/v1/users/user-1/recommendations"},
                new String[] {"POST", "/api/v1/events"}, new String[] {"GET", "/api/v1/tracks/t-1"},
                new String[] {"PUT", "/api/v1/tracks/t-1"}, new String[] {"GET", "/api/v1/admin/ingestion"},
                new String[] {"GET", "/api/v1/admin/api-keys"}, new String[] {"GET", "/api/v1/nothing-here"})) {
            HttpResponse<String> r = call(route[0], route[1], null, null, route[0].equals("GET") ? null : "{}");
            assertThat(r.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(problemType(r)).isEqualTo("/problems/unauthenticated");
        }
    }

    @Test
    void unknownKeyIs401() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/tracks/t-1", "mrk_" + "A".repeat(43), null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json.readTree(r.body()).get("detail").asString()).contains("unknown or revoked");
    }

    @Test
    void appKeyWithoutUserTokenIs401ForUserRoutes() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/users/user-1/recommendations", appKey, null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
    }

    @Test
    void expiredTokenIs401() throws Exception {
        String user = newUser();
        String expired = token(user, SECRET, "musicrec-dev", "musicrec-api", Instant.now().minusSeconds(120));
        HttpResponse<String> r = call("GET", "/api/v1/users/" + user + "/recommendations", appKey, expired, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        assertThat(json.readTree(r.body()).get("detail").asString()).containsIgnoringCase("expired");
    }

    @Test
    void badlySignedOrForeignTokensAre401() throws Exception {
        String user = newUser();
        byte[] otherSecret = new byte[32];
        new SecureRandom().nextBytes(otherSecret);
        Instant soon = Instant.now().plusSeconds(600);
        for (String bad : List.of(token(user, otherSecret, "musicrec-dev", "musicrec-api", soon),
                token(user, SECRET, "someone-else", "musicrec-api", soon),
                token(user, SECRET, "musicrec-dev", "another-api", soon),
                validToken(user).substring(0, validToken(user).lastIndexOf('.')) + ".AAAA",
                "not-a-jwt")) {
            HttpResponse<String> r = call("GET", "/api/v1/users/" + user + "/recommendations", appKey, bad, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(401);
            assertThat(problemType(r)).isEqualTo("/problems/unauthenticated");
        }
    }

    // ---------------------------------------------------------------- authorisation

    @Test
    void anotherUsersRecommendationsAre403() throws Exception {
        String me = newUser();
        HttpResponse<String> r = call("GET", "/api/v1/users/" + newUser() + "/recommendations", appKey,
                validToken(me), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(problemType(r)).isEqualTo("/problems/forbidden");
    }

    @Test
    void eventsOfAnotherUserAre403AndNothingIsAccepted() throws Exception {
        String me = newUser();
        String body = "{\"events\":[" + event("e1-" + me, me, "t-1") + "," + event("e2-" + me, newUser(), "t-1") + "]}";
        HttpResponse<String> r = call("POST", "/api/v1/events", appKey, validToken(me), body);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json.readTree(r.body()).get("errors").get(0).get("field").asString()).isEqualTo("events[1].userId");
    }

    @Test
    void appsMayNotWriteTheCatalogueOrUseAdminRoutes() throws Exception {
        String me = newUser();
        assertThat(call("PUT", "/api/v1/tracks/t-app", appKey, validToken(me),
                "{\"title\":\"x\",\"artist\":\"y\",\"tags\":[]}").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/admin/ingestion", appKey, validToken(me), null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/admin/api-keys", trustedKey, null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void revokedKeyIs401() throws Exception {
        HttpResponse<String> created = call("POST", "/api/v1/admin/api-keys", adminKey, null,
                "{\"name\":\"short-lived\",\"roles\":[\"app\"]}");
        JsonNode key = json.readTree(created.body());
        assertThat(call("GET", "/api/v1/tracks/none", key.get("key").asString(), null, null).statusCode())
                .isEqualTo(404);
        // a key id is a canonical UUID: a short form is not quietly read as another id, and the answer says so
        for (String badId : new String[] {"not-a-uuid", "1-1-1-1-1"}) {
            HttpResponse<String> bad = call("DELETE", "/api/v1/admin/api-keys/" + badId, adminKey, null, null);
            assertThat(bad.statusCode()).as(badId).isEqualTo(400);
            assertThat(json.readTree(bad.body()).get("detail").asString()).as(badId).contains("is not a UUID");
        }
        assertThat(call("DELETE", "/api/v1/admin/api-keys/" + key.get("id").asString(), adminKey, null, null)
                .statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/tracks/none", key.get("key").asString(), null, null).statusCode())
                .isEqualTo(401);
        JsonNode listed = json.readTree(call("GET", "/api/v1/admin/api-keys", adminKey, null, null).body());
        assertThat(listed.get("keys").findValuesAsString("name")).contains("short-lived", "bootstrap-admin");
        assertThat(listed.toString()).doesNotContain(key.get("key").asString());
    }

    @Test
    void badAdminRequestsNameTheirFields() throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/admin/api-keys", adminKey, null,
                "{\"name\":\"\",\"roles\":[\"root\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "roles[0]");
    }

    // ---------------------------------------------------------------- happy paths, every route

    @Test
    void catalogueRoutesReachTheEmbeddingService() throws Exception {
        String track = "t-" + UUID.randomUUID();
        HttpResponse<String> put = call("PUT", "/api/v1/tracks/" + track, trustedKey, null,
                "{\"title\":\"Vibe Ace\",\"artist\":\"Kevin MacLeod\",\"tags\":[\"jazz\"]}");
        assertThat(put.statusCode()).isEqualTo(201);
        String me = newUser();
        HttpResponse<String> get = call("GET", "/api/v1/tracks/" + track, appKey, validToken(me), null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(json.readTree(get.body()).get("artist").asString()).isEqualTo("Kevin MacLeod");
        // an app key alone may read the catalogue
        assertThat(call("GET", "/api/v1/tracks/" + track, appKey, null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/tracks/" + track + "-missing", appKey, null, null).statusCode())
                .isEqualTo(404);
        // HEAD is routed like GET: the status and headers, no body
        HttpResponse<String> head = call("HEAD", "/api/v1/tracks/" + track, appKey, null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(call("HEAD", "/api/v1/tracks/" + track + "-missing", appKey, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void usersPostTheirOwnEventsAndReadTheirOwnRecommendations() throws Exception {
        String me = newUser();
        String token = validToken(me);
        HttpResponse<String> posted = call("POST", "/api/v1/events", appKey, token,
                "{\"events\":[" + event("e-" + me, me, "t-1") + "]}");
        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(json.readTree(posted.body()).get("accepted").asInt()).isEqualTo(1);
        HttpResponse<String> recs = call("GET", "/api/v1/users/" + me + "/recommendations?limit=5", appKey, token,
                null);
        assertThat(recs.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(recs.body());
        assertThat(body.get("userId").asString()).isEqualTo(me);
        // the recommender's answer, not the gateway's fallback
        assertThat(body.has("fallbackReason")).isFalse();
        assertThat(recs.headers().firstValue("X-Fallback")).isEmpty();
        // the recommender's own 4xx passes through unchanged
        HttpResponse<String> bad = call("GET", "/api/v1/users/" + me + "/recommendations?limit=0", appKey, token, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).contains("problem+json");
    }

    /** Idempotency end to end: gateway -> Kafka -> recommender -> PostgreSQL, the client resending a whole batch. */
    @Test
    void theSameBatchSentTwiceThroughTheGatewayIsStoredOnce() throws Exception {
        String someone = newUser();
        String batch = "{\"events\":[" + event("idem-1-" + someone, someone, "t-1") + ","
                + event("idem-2-" + someone, someone, "t-2") + "," + event("idem-3-" + someone, someone, "t-3") + "]}";
        long duplicatesBefore = ingestion().get("duplicatesIgnored").asLong();
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpResponse<String> r = call("POST", "/api/v1/events", trustedKey, null, batch);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(json.readTree(r.body()).get("accepted").asInt()).isEqualTo(3);
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (ingestion().get("duplicatesIgnored").asLong() < duplicatesBefore + 3 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(ingestion().get("duplicatesIgnored").asLong()).as("the second copy was consumed")
                .isGreaterThanOrEqualTo(duplicatesBefore + 3);
        var db = RealServices.endpoints();
        try (var connection = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.jdbcUser(), db.jdbcPassword());
             var query = connection.prepareStatement(
                     "SELECT event_id FROM recommender.listening_events WHERE user_id = ? ORDER BY event_id")) {
            query.setString(1, someone);
            List<String> stored = new java.util.ArrayList<>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            assertThat(stored).containsExactly("idem-1-" + someone, "idem-2-" + someone, "idem-3-" + someone);
        }
    }

    private JsonNode ingestion() throws Exception {
        HttpResponse<String> stats = call("GET", "/api/v1/admin/ingestion", adminKey, null, null);
        assertThat(stats.statusCode()).isEqualTo(200);
        return json.readTree(stats.body());
    }

    @Test
    void queryValuesWithEqualsSignsReachTheRecommenderUntouched() throws Exception {
        String someone = newUser();
        for (String query : List.of("?x=a=b", "?cursor=abc==&limit=3", "?tag=a%3Db&limit=2")) {
            HttpResponse<String> r = call("GET", "/api/v1/users/" + someone + "/recommendations" + query, trustedKey,
                    null, null);
            assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Fallback")).as(query).isEmpty();
        }
        HttpResponse<String> badLimit = call("GET", "/api/v1/users/" + someone + "/recommendations?limit=5=",
                trustedKey, null, null);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.headers().firstValue("Content-Type").orElseThrow()).contains("problem+json");
    }

    @Test
    void apiKeyNamesCannotCarryLineBreaksIntoTheAccessLog() throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/admin/api-keys", adminKey, null,
                "{\"name\":\"ok\\n[gateway] forged line\",\"roles\":[\"app\"]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void adminRoutesReachTheRecommenderAndIssueDevTokens() throws Exception {
        HttpResponse<String> stats = call("GET", "/api/v1/admin/ingestion", adminKey, null, null);
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(json.readTree(stats.body()).has("storedEvents")).isTrue();
        String me = newUser();
        HttpResponse<String> issued = call("POST", "/api/v1/admin/tokens", adminKey, null,
                "{\"userId\":\"" + me + "\",\"ttl\":\"PT5M\"}");
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = json.readTree(issued.body()).get("token").asString();
        assertThat(call("GET", "/api/v1/users/" + me + "/recommendations", appKey, token, null).statusCode())
                .isEqualTo(200);
        // a user token with the admin role opens admin routes for an app
        String adminToken = json.readTree(call("POST", "/api/v1/admin/tokens", adminKey, null,
                "{\"userId\":\"ops-1\",\"roles\":[\"admin\"]}").body()).get("token").asString();
        assertThat(call("GET", "/api/v1/admin/ingestion", appKey, adminToken, null).statusCode()).isEqualTo(200);
    }

    @Test
    void trustedKeysActForAnyUser() throws Exception {
        String someone = newUser();
        assertThat(call("POST", "/api/v1/events", trustedKey, null,
                "{\"events\":[" + event("tr-" + someone, someone, "t-1") + "]}").statusCode()).isEqualTo(202);
        assertThat(call("GET", "/api/v1/users/" + someone + "/recommendations", trustedKey, null, null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void readsBelowATrackReachTheEmbeddingService() throws Exception {
        String track = "t-" + UUID.randomUUID();
        assertThat(call("PUT", "/api/v1/tracks/" + track, trustedKey, null,
                "{\"title\":\"Vibe Ace\",\"artist\":\"Kevin MacLeod\",\"tags\":[\"jazz\"]}").statusCode())
                .isEqualTo(201);
        // no audio model is active in this stack, so the track has no vector yet: the service's own 404 problem
        for (String below : List.of("/embedding", "/similar?limit=5")) {
            HttpResponse<String> r = call("GET", "/api/v1/tracks/" + track + below, appKey, null, null);
            assertThat(r.statusCode()).as(below).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
            assertThat(problem.get("detail").asString()).contains(track, "no embedding yet");
        }
        // an unknown track is the catalogue's 404, not the vector's
        HttpResponse<String> unknown = call("GET", "/api/v1/tracks/" + track + "-missing/similar", appKey, null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).get("title").asString()).isEqualTo("Track not found");
    }

    @Test
    void audioUploadsAndTheirJobsReachTheEmbeddingService() throws Exception {
        String track = "t-" + UUID.randomUUID();
        assertThat(call("PUT", "/api/v1/tracks/" + track, trustedKey, null,
                "{\"title\":\"Song\",\"artist\":\"Artist\",\"tags\":[]}").statusCode()).isEqualTo(201);
        // without an active audio encoder the service answers its documented 503 (nothing stored, retry later)
        HttpResponse<String> upload = upload(track, trustedKey, wav(Duration.ofSeconds(2)));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(503);
        assertThat(upload.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(upload.headers().firstValue("Retry-After")).hasValue("60");
        JsonNode problem = json.readTree(upload.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/unavailable");
        assertThat(problem.get("title").asString()).isEqualTo("No audio model");
        // apps may not upload
        assertThat(upload(track, appKey, wav(Duration.ofSeconds(1))).statusCode()).isEqualTo(403);
        // job reads pass through: an unknown job is the service's 404, a malformed id its 400 naming the field
        String jobId = UUID.randomUUID().toString();
        HttpResponse<String> job = call("GET", "/api/v1/tracks/" + track + "/audio/jobs/" + jobId, appKey, null, null);
        assertThat(job.statusCode()).isEqualTo(404);
        assertThat(json.readTree(job.body()).get("detail").asString()).contains(jobId);
        HttpResponse<String> badJob = call("GET", "/api/v1/tracks/" + track + "/audio/jobs/not-a-uuid", appKey, null,
                null);
        assertThat(badJob.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badJob.body()).get("errors").findValuesAsString("field")).containsExactly("jobId");
    }

    @Test
    void modelAdminRoutesReachBothServices() throws Exception {
        HttpResponse<String> rankers = call("GET", "/api/v1/admin/models", adminKey, null, null);
        assertThat(rankers.statusCode()).isEqualTo(200);
        assertThat(json.readTree(rankers.body()).isArray()).isTrue();
        HttpResponse<String> serving = call("GET", "/api/v1/admin/models/active", adminKey, null, null);
        assertThat(serving.statusCode()).isEqualTo(200);
        assertThat(json.readTree(serving.body()).get("registryActive").asString()).isEqualTo("none");
        HttpResponse<String> unknown = call("POST", "/api/v1/admin/models/no-such-version/activate", adminKey, null,
                null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).get("type").asString()).isEqualTo("/problems/not-found");
        for (String kind : List.of("models", "track-models")) {
            HttpResponse<String> list = call("GET", "/api/v1/admin/embedding/" + kind, adminKey, null, null);
            assertThat(list.statusCode()).as(kind).isEqualTo(200);
            assertThat(json.readTree(list.body()).isArray()).isTrue();
            JsonNode active = json.readTree(call("GET", "/api/v1/admin/embedding/" + kind + "/active", adminKey,
                    null, null).body());
            assertThat(active.get("serving").asString()).isEqualTo("none");
            HttpResponse<String> missing = call("POST", "/api/v1/admin/embedding/" + kind + "/no-such-version/activate",
                    adminKey, null, null);
            assertThat(missing.statusCode()).as(kind).isEqualTo(404);
        }
        HttpResponse<String> unload = call("DELETE", "/api/v1/admin/embedding/track-models/active", adminKey, null,
                null);
        assertThat(unload.statusCode()).isEqualTo(200);
        assertThat(json.readTree(unload.body()).get("serving").asString()).isEqualTo("none");
        // not for apps or trusted servers
        assertThat(call("GET", "/api/v1/admin/models", trustedKey, null, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/admin/embedding/track-models", appKey, null, null).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anUndeclaredPathIsA404Problem() throws Exception {
        for (String[] route : List.of(new String[] {"GET", "/api/v1/nothing-here"},
                new String[] {"GET", "/api/v2/tracks/t-1"}, new String[] {"DELETE", "/api/v1/tracks/t-1"},
                new String[] {"GET", "/api/v1/admin/unknown"})) {
            HttpResponse<String> r = call(route[0], route[1], adminKey, null, null);
            assertThat(r.statusCode()).as(route[1]).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
            assertThat(problem.get("detail").asString()).contains(route[1]);
        }
    }

    // ---------------------------------------------------------------- paths read two ways (audit: auth bypass)

    @Test
    void pathParametersAndEncodedDotsNeverReachAdminRoutesOrOtherUsers() throws Exception {
        String me = newUser();
        String token = validToken(me);
        String track = "t-bypass-" + UUID.randomUUID();
        for (String[] c : List.of(new String[] {"GET", "/api/v1/admin;x=1/api-keys"},
                new String[] {"POST", "/api/v1/admin;x=1/tokens"},
                new String[] {"GET", "/api;x/v1/admin/api-keys"},
                new String[] {"GET", "/api/v1/admin;x=1/models"},
                new String[] {"PUT", "/api/v1/tracks;x/" + track},
                new String[] {"GET", "/api/v1/users;x/" + newUser() + "/recommendations"},
                new String[] {"GET", "/api/v1/tracks/t/%2e%2e/%2e%2e/admin/api-keys"},
                new String[] {"GET", "/api/v1//admin/api-keys"})) {
            HttpResponse<String> r = call(c[0], c[1], appKey, token, c[0].equals("GET") ? null
                    : "{\"userId\":\"ops\",\"roles\":[\"admin\"],\"title\":\"x\",\"artist\":\"y\"}");
            assertThat(r.statusCode()).as("%s %s: %s", c[0], c[1], r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(problemType(r)).isEqualTo("/problems/invalid-path");
            assertThat(r.body()).doesNotContain("mrk_", "\"token\"");
        }
        assertThat(call("GET", "/api/v1/tracks/" + track, appKey, null, null).statusCode()).isEqualTo(404);
        // an encoded letter decodes to the admin route: judged as the admin route it is
        assertThat(call("GET", "/api/v1/%61dmin/api-keys", appKey, token, null).statusCode()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- limits and observability

    @Test
    void aUsersBudgetRunsOutWith429AndRetryAfter() throws Exception {
        String me = newUser();
        String token = validToken(me);
        for (int i = 0; i < USER_BUDGET; i++) {
            assertThat(call("GET", "/api/v1/tracks/none", appKey, token, null).statusCode()).isEqualTo(404);
        }
        HttpResponse<String> limited = call("GET", "/api/v1/tracks/none", appKey, token, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(problemType(limited)).isEqualTo("/problems/rate-limited");
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        // another user of the same app is not held back
        assertThat(call("GET", "/api/v1/tracks/none", appKey, validToken(newUser()), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void oversizedBodiesAre413() throws Exception {
        String big = "{\"title\":\"" + "x".repeat(20_000) + "\",\"artist\":\"a\",\"tags\":[]}";
        HttpResponse<String> r = call("PUT", "/api/v1/tracks/t-big", trustedKey, null, big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(problemType(r)).isEqualTo("/problems/payload-too-large");
        String events = "{\"events\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}";
        assertThat(call("POST", "/api/v1/events", trustedKey, null, events).statusCode()).isEqualTo(413);
        // chunked (no Content-Length) to a proxied route: the limit trips while the body streams to the service
        HttpResponse<String> chunked = http.send(request("PUT", "/api/v1/tracks/t-big-chunked", trustedKey, null, null)
                .header("Content-Type", "application/json")
                .method("PUT", HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(problemType(chunked)).isEqualTo("/problems/payload-too-large");
        // audio has its own, larger limit: refused at the gateway, nothing reaches the service
        byte[] audio = new byte[AUDIO_LIMIT_BYTES + 1];
        HttpResponse<String> tooMuchAudio = upload("t-big-audio", trustedKey, audio);
        assertThat(tooMuchAudio.statusCode()).isEqualTo(413);
        assertThat(problemType(tooMuchAudio)).isEqualTo("/problems/payload-too-large");
        assertThat(json.readTree(tooMuchAudio.body()).get("detail").asString())
                .contains(Integer.toString(AUDIO_LIMIT_BYTES));
        HttpResponse<String> chunkedAudio = http.send(request("PUT", "/api/v1/tracks/t-big-audio/audio", trustedKey,
                null, null).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(audio))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunkedAudio.statusCode()).isEqualTo(413);
        assertThat(problemType(chunkedAudio)).isEqualTo("/problems/payload-too-large");
    }

    @Test
    void correlationIdIsKeptOrCreated() throws Exception {
        HttpResponse<String> given = http.send(request("GET", "/api/v1/tracks/none", appKey, null, null)
                .header("X-Correlation-Id", "it-corr-12345678").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(given.headers().allValues("X-Correlation-Id")).as("once: the service's echo is not copied")
                .containsExactly("it-corr-12345678");
        HttpResponse<String> made = call("GET", "/api/v1/tracks/none", appKey, null, null);
        assertThat(made.headers().firstValue("X-Correlation-Id").orElseThrow()).hasSize(36);
        HttpResponse<String> forged = http.send(request("GET", "/api/v1/tracks/none", appKey, null, null)
                .header("X-Correlation-Id", "bad id\twith tabs").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.headers().firstValue("X-Correlation-Id").orElseThrow()).doesNotContain(" ");
    }

    @Test
    void docsAndProbesNeedNoCredentials() throws Exception {
        HttpResponse<String> spec = call("GET", "/openapi/gateway.yaml", null, null, null);
        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        assertThat(spec.body()).contains("/api/v1/users/{userId}/recommendations", "/api/v1/events",
                "/api/v1/admin/api-keys", "X-API-Key", "Retry-After", "429");
        assertThat(call("GET", "/swagger-ui/index.html", null, null, null).statusCode()).isEqualTo(200);
        // the services' own specs, routed through the gateway for Swagger UI
        HttpResponse<String> recommenderSpec = call("GET", "/v3/api-docs/recommender-service", null, null, null);
        assertThat(recommenderSpec.statusCode()).isEqualTo(200);
        assertThat(recommenderSpec.body()).contains("/api/v1/users/{userId}/recommendations");
        HttpResponse<String> embeddingSpec = call("GET", "/v3/api-docs/embedding-service", null, null, null);
        assertThat(embeddingSpec.statusCode()).isEqualTo(200);
        assertThat(embeddingSpec.body()).contains("/api/v1/tracks/{trackId}");
        assertThat(call("GET", "/actuator/health/readiness", null, null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> prometheus = call("GET", "/actuator/prometheus", null, null, null);
        assertThat(prometheus.body()).contains("http_server_requests_seconds_bucket",
                "resilience4j_circuitbreaker_state");
    }

    /**
     * Every operation of the services that a declared route of the gateway forwards is in the gateway's document:
     * the services' own specs are read through the gateway and matched against its route table.
     */
    @Test
    void everyServiceOperationTheGatewayForwardsIsInItsDocument() throws Exception {
        Map<String, Object> gatewaySpec = new org.yaml.snakeyaml.Yaml().load(
                call("GET", "/openapi/gateway.yaml", null, null, null).body());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> documented = (Map<String, Map<String, Object>>) gatewaySpec.get("paths");
        java.util.Set<String> gatewayOps = new java.util.HashSet<>();
        documented.forEach((path, item) -> item.keySet().forEach(method -> gatewayOps.add(
                method.toUpperCase(java.util.Locale.ROOT) + " " + path.replaceAll("\\{[^}]*}", "{}"))));
        List<String> forwarded = new java.util.ArrayList<>();
        for (String service : List.of("recommender-service", "embedding-service")) {
            JsonNode serviceSpec = json.readTree(call("GET", "/v3/api-docs/" + service, null, null, null).body());
            for (var path : serviceSpec.get("paths").properties()) {
                for (var operation : path.getValue().properties()) {
                    String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                    String concrete = path.getKey().replaceAll("\\{[^}]*}", "x-1");
                    if (path.getKey().startsWith("/api/") && routed(method, concrete)) {
                        forwarded.add(method + " " + path.getKey().replaceAll("\\{[^}]*}", "{}"));
                    }
                }
            }
        }
        assertThat(forwarded).contains("GET /api/v1/tracks/{}/similar", "PUT /api/v1/tracks/{}/audio",
                "POST /api/v1/admin/models/{}/activate", "DELETE /api/v1/admin/embedding/track-models/active");
        assertThat(gatewayOps).containsAll(forwarded);
    }

    private boolean routed(String method, String path) {
        org.springframework.mock.web.MockHttpServletRequest servlet =
                new org.springframework.mock.web.MockHttpServletRequest(method, path);
        org.springframework.web.util.ServletRequestPathUtils.parseAndCache(servlet);
        org.springframework.web.servlet.function.ServerRequest request =
                org.springframework.web.servlet.function.ServerRequest.create(servlet, List.of());
        return routerFunctions.stream().anyMatch(f -> f.route(request).isPresent());
    }

    // ---------------------------------------------------------------- resilience (stops the recommender)

    @Test
    @Order(Integer.MAX_VALUE)
    void recommenderStoppedMeansPopularFallbackWithinTheTimeout() throws Exception {
        // give the recommender something popular, then let the gateway take its list
        for (int i = 0; i < 3; i++) {
            String track = "pop-" + i;
            assertThat(call("PUT", "/api/v1/tracks/" + track, trustedKey, null,
                    "{\"title\":\"Song " + i + "\",\"artist\":\"Artist " + i + "\",\"tags\":[\"pop\"]}")
                    .statusCode()).isIn(200, 201);
            // two listeners each: popularity needs more than one user behind a track
            for (int l = 0; l < 2; l++) {
                String listener = newUser();
                assertThat(call("POST", "/api/v1/events", trustedKey, null,
                        "{\"events\":[" + event("pop-" + i + "-" + listener, listener, track) + "]}").statusCode())
                        .isEqualTo(202);
            }
        }
        Instant end = Instant.now().plusSeconds(60);
        JsonNode anonymous;
        do {
            Thread.sleep(500);
            anonymous = json.readTree(call("GET", "/api/v1/users/gateway.popular/recommendations?limit=10",
                    trustedKey, null, null).body());
        } while (anonymous.get("items").size() < 3 && Instant.now().isBefore(end));
        assertThat(anonymous.get("items").size()).isGreaterThanOrEqualTo(3);
        popularTracks.refresh();
        List<String> popular = anonymous.get("items").findValuesAsString("trackId");

        recommender.kill();
        String me = newUser();
        String token = validToken(me);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = call("GET", "/api/v1/users/" + me + "/recommendations?limit=2", appKey, token,
                    null);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(took).isLessThan(RECOMMENDER_TIMEOUT.plusSeconds(1));
            JsonNode body = json.readTree(r.body());
            assertThat(body.get("fallback").asBoolean()).isTrue();
            assertThat(body.get("userId").asString()).isEqualTo(me);
            assertThat(body.get("items").size()).isEqualTo(2);
            assertThat(body.get("items").findValuesAsString("trackId")).isSubsetOf(popular);
            assertThat(body.get("fallbackReason").asString()).contains("recommender is unavailable");
            assertThat(r.headers().firstValue("X-Fallback")).hasValue("recommender-unavailable");
        }
        // the rules still hold while falling back
        assertThat(call("GET", "/api/v1/users/" + newUser() + "/recommendations", appKey, token, null).statusCode())
                .isEqualTo(403);
    }

    // ---------------------------------------------------------------- helpers

    private String createKey(String name, String role) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/admin/api-keys", adminKey, null,
                "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body()).get("key").asString();
    }

    private static String newUser() {
        return "u-" + UUID.randomUUID();
    }

    private static String validToken(String user) throws Exception {
        return token(user, SECRET, "musicrec-dev", "musicrec-api", Instant.now().plusSeconds(600));
    }

    private static String token(String user, byte[] secret, String issuer, String audience, Instant expires)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(user).issuer(issuer).audience(audience).issueTime(Date.from(expires.minusSeconds(900)))
                .expirationTime(Date.from(expires)).build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String event(String id, String user, String track) {
        return """
                {"eventId":"%s","userId":"%s","trackId":"%s","type":"play","occurredAt":"2024-01-01T00:00:00Z"}"""
                .formatted(id, user, track);
    }

    private HttpResponse<String> upload(String track, String key, byte[] audio) throws Exception {
        return http.send(request("PUT", "/api/v1/tracks/" + track + "/audio", key, null, null)
                .header("Content-Type", "audio/wav").PUT(HttpRequest.BodyPublishers.ofByteArray(audio)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A 16 kHz mono 16-bit WAV of a 440 Hz tone. */
    private static byte[] wav(Duration length) {
        int rate = 16_000;
        int samples = (int) (rate * length.toMillis() / 1000);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + 2 * samples).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return b.array();
    }

    private String problemType(HttpResponse<String> r) {
        return json.readTree(r.body()).get("type").asString();
    }

    private HttpRequest.Builder request(String method, String path, String key, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> call(String method, String path, String key, String token, String body)
            throws IOException, InterruptedException {
        return http.send(request(method, path, key, token, body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
