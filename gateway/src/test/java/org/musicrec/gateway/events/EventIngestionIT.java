package org.musicrec.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicrec.gateway.auth.ApiKeys;
import org.musicrec.gateway.auth.Role;
import org.musicrec.testsupport.KafkaTestClient;
import org.musicrec.testsupport.RealServices;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** POST /api/v1/events through the real gateway into a real Kafka broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventIngestionIT {

    static final String TOPIC = RealServices.topic("listening-events");

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        RealServices.register(registry);
        registry.add("musicrec.auth.bootstrap-key-file", () -> "");
        registry.add("musicrec.auth.jwt.hs256-secret", () -> java.util.Base64.getEncoder()
                .encodeToString(UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        registry.add("musicrec.topics.listening-events", () -> TOPIC);
        registry.add("musicrec.limits.events-body", () -> "64KB");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys keys;

    private String importerKey;

    @BeforeEach
    void trustedKey() {
        if (importerKey == null) {
            importerKey = keys.create("events-it", Set.of(Role.TRUSTED)).secret();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json").header("X-API-Key", importerKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String id, String user, String type, String at) {
        return """
                {"eventId":"%s","userId":"%s","trackId":"track-9","type":"%s","occurredAt":"%s"}"""
                .formatted(id, user, type, at);
    }

    private List<ConsumerRecord<String, String>> recordsOf(String user, int expected) {
        return KafkaTestClient.readUntil(TOPIC, Duration.ofSeconds(30),
                records -> records.stream().filter(r -> user.equals(r.key())).count() >= expected)
                .stream().filter(r -> user.equals(r.key())).toList();
    }

    @Test
    void acceptedBatchIsPublishedKeyedByUser() throws Exception {
        String user = "u-" + UUID.randomUUID();
        HttpResponse<String> r = post("{\"events\":[" + event("a-" + user, user, "play", "2024-01-01T00:00:00Z") + ","
                + event("b-" + user, user, "LIKE", "2024-01-01T00:01:00Z") + "]}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json.readTree(r.body()).get("accepted").asInt()).isEqualTo(2);
        List<ConsumerRecord<String, String>> records = recordsOf(user, 2);
        assertThat(records).hasSize(2);
        JsonNode first = json.readTree(records.get(0).value());
        assertThat(first.get("eventId").asString()).isEqualTo("a-" + user);
        assertThat(first.get("type").asString()).isEqualTo("PLAY");
        assertThat(first.get("occurredAt").asString()).isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void aNumberTooLargeForItsFieldNamesTheFieldsDocumentedRange() throws Exception {
        HttpResponse<String> r = post("{\"events\":[{\"eventId\":\"e\",\"msPlayed\":99999999999999999999999999}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(r.body()).get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("events[0].msPlayed");
        assertThat(error.get("message").asString()).contains("from 0 to 86400000");
        r = post("{\"events\":[{\"eventId\":\"e\",\"playCount\":99999999999}]}");
        assertThat(json.readTree(r.body()).get("errors").get(0).get("message").asString())
                .contains("from 1 to 1000000");
    }

    @Test
    void anAcceptWithoutJsonIsA406BeforeAnythingIsPublished() throws Exception {
        String user = "u-" + UUID.randomUUID();
        for (String accept : List.of("application/xml", "application/yaml", "*/*;q=0")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/events")).header("Content-Type", "application/json").header("Accept", accept)
                    .header("X-API-Key", importerKey).POST(HttpRequest.BodyPublishers.ofString("{\"events\":["
                            + event("x-" + accept.hashCode() + user, user, "play", "2024-01-01T00:00:00Z") + "]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(accept).isEqualTo(406);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        // asking for problem+json is asking for JSON: the success is plain JSON
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/events")).header("Content-Type", "application/json")
                .header("Accept", "application/problem+json").header("X-API-Key", importerKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":["
                        + event("ok-" + user, user, "play", "2024-01-02T00:00:00Z") + "]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(recordsOf(user, 1)).extracting(rec -> json.readTree(rec.value()).get("eventId").asString())
                .containsExactly("ok-" + user);
    }

    @Test
    void invalidBatchIsA400NamingEachFieldAndNothingIsPublished() throws Exception {
        String user = "u-" + UUID.randomUUID();
        HttpResponse<String> r = post("{\"events\":[" + event("ok-" + user, user, "play", "2024-01-01T00:00:00Z") + ","
                + event("x-" + user, user, "pause", "not-a-date") + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
        assertThat(problem.get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("events[1].type", "events[1].occurredAt");
        // a valid batch for the same user afterwards is the only thing that arrives
        assertThat(post("{\"events\":[" + event("after-" + user, user, "skip", "2024-01-02T00:00:00Z") + "]}")
                .statusCode()).isEqualTo(202);
        assertThat(recordsOf(user, 1)).extracting(rec -> json.readTree(rec.value()).get("eventId").asString())
                .containsExactly("after-" + user);
    }

    @Test
    void malformedJsonAndWrongTypesAreProblems() throws Exception {
        HttpResponse<String> broken = post("{\"events\":[{\"eventId\":");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json.readTree(broken.body()).get("errors").get(0).get("field").asString()).isEqualTo("body");
        HttpResponse<String> wrongType = post("{\"events\":[{\"eventId\":\"e\",\"msPlayed\":\"lots\"}]}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json.readTree(wrongType.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("events[0].msPlayed");
    }

    /** One broken field per case, everything else valid: the 400 problem names exactly that field. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "eventId   | ",
            "eventId   | has space",
            "eventId   | ..",
            "userId    | ",
            "userId    | user/../admin",
            "trackId   | " + "t23456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
            "type      | pause",
            "type      | ",
            "occurredAt| yesterday",
            "occurredAt| 1850-01-01T00:00:00Z",
            "occurredAt| 2999-01-01T00:00:00Z",
            "msPlayed  | -1",
            "msPlayed  | 86400001",
            "playCount | 0",
            "playCount | 1000001",
    })
    void eachKindOfBadFieldIsA400ProblemNamingIt(String field, String value) throws Exception {
        java.util.Map<String, Object> event = new java.util.LinkedHashMap<>(java.util.Map.of(
                "eventId", "e-" + UUID.randomUUID(), "userId", "user-1", "trackId", "track-9", "type", "play",
                "occurredAt", "2024-01-01T00:00:00Z", "msPlayed", 1000, "playCount", 1));
        boolean numeric = field.equals("msPlayed") || field.equals("playCount");
        if (value == null) {
            event.remove(field);
        } else {
            event.put(field, numeric ? Long.parseLong(value) : value);
        }
        HttpResponse<String> r = post(json.writeValueAsString(java.util.Map.of("events", List.of(event))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("events[0]." + field);
        assertThat(problem.get("errors").get(0).get("message").asString()).isNotBlank();
    }

    @Test
    void anEventIdUsedTwiceInOneBatchIsA400NotASilentDuplicate() throws Exception {
        String user = "u-" + UUID.randomUUID();
        HttpResponse<String> r = post("{\"events\":[" + event("same-" + user, user, "play", "2024-01-01T00:00:00Z")
                + "," + event("same-" + user, user, "skip", "2024-01-01T00:05:00Z") + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("events[1].eventId");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("events[0]");
    }

    @Test
    void aKeyGivenTwiceOrANumberThatIsNoWholeNumberIsA400() throws Exception {
        String user = "u-" + UUID.randomUUID();
        String one = event("k-" + user, user, "play", "2024-01-01T00:00:00Z");
        HttpResponse<String> twice = post("{\"events\":[" + one + "],\"events\":[" + one + "]}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(twice.body()).get("detail").asString()).contains("events");
        for (String msPlayed : List.of("1.5", "\"100\"")) {
            HttpResponse<String> r = post("{\"events\":[{\"eventId\":\"m-" + user + "\",\"userId\":\"" + user
                    + "\",\"trackId\":\"t\",\"type\":\"play\",\"occurredAt\":\"2024-01-01T00:00:00Z\",\"msPlayed\":"
                    + msPlayed + "}]}");
            assertThat(r.statusCode()).as("msPlayed " + msPlayed).isEqualTo(400);
            assertThat(json.readTree(r.body()).get("errors").get(0).get("field").asString()).isEqualTo("events[0].msPlayed");
        }
        // an id is a string: a number is not turned into one, and the answer names no class of the gateway
        HttpResponse<String> numericId = post("{\"events\":[{\"eventId\":12345,\"userId\":\"" + user
                + "\",\"trackId\":\"t\",\"type\":\"play\",\"occurredAt\":\"2024-01-01T00:00:00Z\"}]}");
        assertThat(numericId.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(numericId.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("events[0].eventId");
        assertThat(problem.get("detail").asString()).endsWith("it must be a string");
        HttpResponse<String> array = post("[" + one + "]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(json.readTree(array.body()).get("detail").asString())
                .isEqualTo("body: must be a JSON object with the documented fields");
    }

    @Test
    void aBrowserOriginThatIsNotAllowedIsA403Problem() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json").header("X-API-Key", importerKey)
                .header("Origin", "https://elsewhere.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json.readTree(r.body()).get("detail").asString()).contains("CORS_ALLOWED_ORIGINS");
    }

    @Test
    void aWrongMethodOrContentTypeIsATypedProblem() throws Exception {
        URI events = URI.create("http://127.0.0.1:" + port + "/api/v1/events");
        HttpResponse<String> patch = http.send(HttpRequest.newBuilder(events).header("X-API-Key", importerKey)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(patch.statusCode()).isEqualTo(405);
        assertThat(patch.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(patch.body()).get("type").asString()).isEqualTo("/problems/method-not-allowed");
        HttpResponse<String> text = http.send(HttpRequest.newBuilder(events).header("X-API-Key", importerKey)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(json.readTree(text.body()).get("type").asString()).isEqualTo("/problems/unsupported-media-type");
    }

    @Test
    void theErrorPathItselfIsAnUnknownPath() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/error"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(r.body()).get("type").asString()).isEqualTo("/problems/not-found");
    }

    @Test
    void emptyAndOversizedBatchesAreA400NamingTheBatch() throws Exception {
        StringBuilder many = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append(event("m" + i, "user-1", "play", "2024-01-01T00:00:00Z"));
        }
        for (String body : List.of("{\"events\":[]}", "{}", many.append("]}").toString())) {
            HttpResponse<String> r = post(body);
            assertThat(r.statusCode()).as(body.substring(0, Math.min(body.length(), 40))).isEqualTo(400);
            assertThat(json.readTree(r.body()).get("errors").findValuesAsString("field")).containsExactly("events");
        }
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        String big = "{\"events\":[" + event("e", "u", "play", "2024-01-01T00:00:00Z") + "],\"pad\":\""
                + "x".repeat(70_000) + "\"}";
        HttpResponse<String> r = post(big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json.readTree(r.body()).get("type").asString()).isEqualTo("/problems/payload-too-large");
        // chunked: no Content-Length, the limit is enforced while reading
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json").header("X-API-Key", importerKey)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
    }
}
