package org.musicrec.embedding.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.musicrec.testsupport.KafkaTestClient;
import org.musicrec.embedding.EmbeddingTestServices;
import org.musicrec.testsupport.RealServices;
import org.musicrec.embedding.config.TopicProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The catalogue over real HTTP, PostgreSQL and Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackCatalogIT {

    @Autowired
    TrackRepository repository;
    @Autowired
    TopicProperties topics;
    @Autowired
    TransactionTemplate transactions;

    static final String TRACKS = RealServices.topic("tracks");

    @DynamicPropertySource
    static void realServices(DynamicPropertyRegistry registry) {
        EmbeddingTestServices.register(registry, TRACKS, RealServices.topic("track-embeddings"));
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> put(String id, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tracks/" + id))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tracks/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void putCreatesThenReplacesAndAnnouncesEachChange() throws Exception {
        String id = "t-" + UUID.randomUUID();
        HttpResponse<String> created = put(id, "{\"title\":\"Vibe Ace\",\"artist\":\"Kevin MacLeod\",\"tags\":[\"jazz\",\"jazz\",\" lounge \"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json.readTree(created.body()).get("tags").findValuesAsString("")).isEmpty();
        assertThat(json.readTree(created.body()).get("tags").toString()).isEqualTo("[\"jazz\",\"lounge\"]");

        HttpResponse<String> replaced = put(id, "{\"title\":\"Vibe Ace (edit)\",\"artist\":\"Kevin MacLeod\"}");
        assertThat(replaced.statusCode()).isEqualTo(200);

        JsonNode stored = json.readTree(get(id).body());
        assertThat(stored.get("title").asString()).isEqualTo("Vibe Ace (edit)");
        assertThat(stored.get("tags").size()).isZero();

        var records = KafkaTestClient.readUntil(TRACKS, Duration.ofSeconds(30),
                rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 2);
        assertThat(records).filteredOn(r -> id.equals(r.key()))
                .extracting(r -> json.readTree(r.value()).get("title").asString())
                .containsExactly("Vibe Ace", "Vibe Ace (edit)");
    }

    @Test
    void aBodyOverTheServicesOwnLimitIsA413ProblemEvenWithoutTheGateway() throws Exception {
        String huge = "{\"title\":\"T\",\"artist\":\"A\",\"tags\":[\"" + "x".repeat(1_100_000) + "\"]}";
        HttpResponse<String> declared = put("big-1", huge);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(json.readTree(declared.body()).get("type").asString()).isEqualTo("/problems/payload-too-large");
        // a chunked body declares no length: it is cut off while it is read
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/tracks/big-2")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(json.readTree(chunked.body()).get("detail").asString()).contains("limit of 1048576 bytes");
        assertThat(get("big-1").statusCode()).isEqualTo(404);
        assertThat(get("big-2").statusCode()).isEqualTo(404);
    }

    @Test
    void concurrentWritesOfOneTrackLeaveTheNewestAnnouncementEqualToTheStoredRow() throws Exception {
        String id = "race-" + UUID.randomUUID();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> writes = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            writes.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tracks/"
                            + id)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"race " + i + "\",\"artist\":\"A\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (var w : writes) {
            assertThat(w.get().statusCode()).isIn(200, 201);
        }
        JsonNode stored = json.readTree(get(id).body());
        var records = KafkaTestClient.readUntil(TRACKS, Duration.ofSeconds(30),
                rs -> rs.stream().filter(r -> id.equals(r.key())).count() >= 12);
        // a reader that keeps the newest updatedAt (the recommender) ends with what this service stored
        JsonNode newest = records.stream().filter(r -> id.equals(r.key())).map(r -> json.readTree(r.value()))
                .max(java.util.Comparator.comparing(n -> java.time.Instant.parse(n.get("updatedAt").asString())))
                .orElseThrow();
        assertThat(newest.get("title").asString()).isEqualTo(stored.get("title").asString());
        assertThat(records.stream().filter(r -> id.equals(r.key()))
                .map(r -> json.readTree(r.value()).get("updatedAt").asString()).distinct().count())
                .as("every write has its own updatedAt").isEqualTo(12);
    }

    @Test
    void aPathNothingIsServedAtIsA404InTheApisWords() throws Exception {
        HttpResponse<String> r = get("artist-1/no-such-sub-resource");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
        assertThat(problem.get("detail").asString()).isEqualTo("nothing is served at this path");
    }

    @Test
    void unknownTrackIsA404Problem() throws Exception {
        HttpResponse<String> r = get("no-such-track");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(r.body()).get("trackId").asString()).isEqualTo("no-such-track");
    }

    @Test
    void invalidBodiesAndIdsAreProblemsNamingTheField() throws Exception {
        String[][] cases = {
                {"ok-1", "{\"title\":\" \",\"artist\":\"A\"}", "title"},
                {"ok-2", "{\"title\":\"T\"}", "artist"},
                {"ok-3", "{\"title\":\"T\",\"artist\":\"A\",\"tags\":[\"\"]}", "tags[0]"},
                {"ok-4", "{\"title\":\"T\",\"artist\":\"" + "a".repeat(301) + "\"}", "artist"},
                {"ok-5", "{\"title\":", "body"},
                {"ok-6", "{\"title\":\"a\\u0000b\",\"artist\":\"A\"}", "title"},
                {"ok-7", "{\"title\":\"T\",\"artist\":\"A\",\"tags\":[\"x\\u0000\"]}", "tags[0]"},
                // C1 controls, separators, direction overrides, a byte-order mark, nothing visible
                {"ok-12", "{\"title\":\"a\\u0085b\",\"artist\":\"A\"}", "title"},
                {"ok-13", "{\"title\":\"a\\u2028b\",\"artist\":\"A\"}", "title"},
                {"ok-14", "{\"title\":\"zero\\u202eRTL\",\"artist\":\"A\"}", "title"},
                {"ok-15", "{\"title\":\"T\",\"artist\":\"\\ufeffA\"}", "artist"},
                {"ok-16", "{\"title\":\"T\",\"artist\":\"A\",\"tags\":[\"\\u200b\"]}", "tags[0]"},
                // strict JSON: no number or boolean for a string, no key given twice, an object and nothing else
                {"ok-8", "{\"title\":123,\"artist\":\"A\"}", "title"},
                {"ok-9", "{\"title\":\"T\",\"artist\":true}", "artist"},
                {"ok-10", "{\"title\":\"T\",\"title\":\"U\",\"artist\":\"A\"}", "title"},
                {"ok-11", "[\"T\",\"A\"]", "body"},
                {"..", "{\"title\":\"T\",\"artist\":\"A\"}", "trackId"},
                {"bad%20id", "{\"title\":\"T\",\"artist\":\"A\"}", "trackId"}};
        for (String[] c : cases) {
            HttpResponse<String> r = put(c[0], c[1]);
            assertThat(r.statusCode()).as(c[1]).isEqualTo(400);
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
            assertThat(problem.get("errors").get(0).get("field").asString()).as(c[1]).isEqualTo(c[2]);
            assertThat(problem.get("detail").asString()).as("no class of the service is named").doesNotContain("org.");
        }
        // what stays allowed: an emoji sequence with zero-width joiners, Persian spelling with a zero-width non-joiner
        HttpResponse<String> family = put("ok-zwj", "{\"title\":\"\uD83D\uDC68\\u200d\uD83D\uDC69\",\"artist\":\"\u0645\u06CC\\u200c\u062E\u0648\u0627\u0647\u0645\"}");
        assertThat(family.statusCode()).as(family.body()).isEqualTo(201);
        // lengths count characters: 300 emoji (600 UTF-16 units) fit, 301 do not
        String guitar = "\uD83C\uDFB8";
        HttpResponse<String> emoji300 = put("ok-emoji", "{\"title\":\"" + guitar.repeat(300) + "\",\"artist\":\"A\"}");
        assertThat(emoji300.statusCode()).as(emoji300.body()).isEqualTo(201);
        HttpResponse<String> emoji301 = put("ok-emoji2", "{\"title\":\"" + guitar.repeat(301) + "\",\"artist\":\"A\"}");
        assertThat(emoji301.statusCode()).isEqualTo(400);
        assertThat(json.readTree(emoji301.body()).get("errors").get(0).get("message").asString())
                .contains("at most 300 characters");
        for (String id : new String[] {"ok-8", "ok-9", "ok-10", "ok-11", "ok-12", "ok-16"}) {
            assertThat(get(id).statusCode()).as("nothing stored for " + id).isEqualTo(404);
        }
        assertThat(get("ok-1").statusCode()).isEqualTo(404);

        // Spring's own refusals carry a problem type too
        HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/tracks/ok-8")).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(json.readTree(text.body()).get("type").asString()).isEqualTo("/problems/unsupported-media-type");
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/tracks/ok-8")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(json.readTree(delete.body()).get("type").asString()).isEqualTo("/problems/method-not-allowed");
    }

    @Test
    void aCatalogueWriteWhileKafkaIsDownIsRefusedInTimeAndNothingIsStored() {
        var broken = EmbeddingTestServices.unreachableKafka();
        try {
            TrackService withoutKafka = new TrackService(repository, new KafkaTemplate<>(broken), topics,
                    Duration.ofSeconds(4));
            String id = "kd-" + UUID.randomUUID().toString().substring(0, 8);
            long start = System.nanoTime();
            assertThatThrownBy(() -> transactions.executeWithoutResult(
                    status -> withoutKafka.save(id, "Title", "Artist", List.of("rock"))))
                    .isInstanceOf(CatalogUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("within the gateway's 5 s route timeout")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(repository.find(id)).as("the write is rolled back").isEmpty();
        } finally {
            broken.destroy();
        }
    }
}
