package org.musicrec.recommender.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.recommender.RecommenderIntegrationTest;
import org.musicrec.registry.ModelArchive;
import org.musicrec.registry.ModelRegistry;
import org.musicrec.registry.ModelVersion;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registry, activation, hot swap under load, refusal of a corrupt model and rollback, with a real (tiny)
 * attention model trained here on a cyclic sequence.
 */
class ModelHotSwapIT extends RecommenderIntegrationTest {

    private static final String P = "hs-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private static final List<String> ITEMS = List.of(P + "a", P + "b", P + "c", P + "d", P + "e");
    private static Path modelDir;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ActiveModel active;
    ModelRegistry registry;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void trainTinyModel(@TempDir Path tmp) throws Exception {
        // a -> b -> c -> d -> e -> a ... : the model must learn to continue the cycle
        modelDir = org.musicrec.recommender.TinyModels.cyclic(ITEMS, "tiny", tmp.resolve("model"));
    }

    @Autowired
    org.musicrec.recommender.popularity.PopularityRanker popularity;

    @org.junit.jupiter.api.BeforeEach
    void registry() {
        registry = active.swap().registry();
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode recommend(String user) throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/users/" + user + "/recommendations?limit=2");
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void activatesSwapsUnderLoadRefusesCorruptModelsAndRollsBack(@TempDir Path tmp) throws Exception {
        byte[] archive = ModelArchive.pack(modelDir);
        registry.register(P + "v1", "fp-1", "{\"NDCG@10\": 0.9}", archive);
        registry.register(P + "v2", "fp-2", "{\"NDCG@10\": 0.91}", archive);
        Path corrupt = Files.createDirectories(tmp.resolve("corrupt"));
        Files.writeString(corrupt.resolve("saved_model.pb"), "not a protobuf");
        Files.writeString(corrupt.resolve("manifest.properties"), "format=1\nversion=x\n");
        registry.register(P + "bad", "fp-3", "{}", ModelArchive.pack(corrupt));

        String user = P + "listener";
        int t = 0;
        for (String item : List.of(ITEMS.get(0), ITEMS.get(1), ITEMS.get(2))) {
            jdbc.sql("INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at)"
                            + " VALUES (?, ?, ?, 'PLAY', ?)")
                    .params(UUID.randomUUID().toString(), user, item, Timestamp.from(Instant.parse("2024-01-01T00:00:00Z")
                            .plusSeconds(t++))).update();
        }

        assertThat(call("POST", "/api/v1/admin/models/" + P + "v1/activate").statusCode()).isEqualTo(200);
        JsonNode first = recommend(user);
        assertThat(first.get("model").asString()).isEqualTo("tiny");
        assertThat(first.get("strategy").asString()).isEqualTo("attention");
        assertThat(first.get("fallback").asBoolean()).isFalse();
        // history a, b, c (all excluded as played): the cycle continues with d
        assertThat(first.get("items").get(0).get("trackId").asString()).isEqualTo(ITEMS.get(3));
        assertThat(first.get("items").get(0).get("reason").asString()).startsWith("because you played ");

        // a history of tracks the model has never seen is ranked like no history: popular tracks, not an empty list
        String stranger = P + "stranger";
        String known = P + "popular-track";
        jdbc.sql("INSERT INTO tracks (track_id, title, artist, tags, updated_at) VALUES (?, 'Hit', 'Band', '{}', now())")
                .params(known).update();
        for (String[] e : new String[][] {{stranger, P + "unknown-track"}, {P + "fan-1", known}, {P + "fan-2", known}}) {
            jdbc.sql("INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at)"
                            + " VALUES (?, ?, ?, 'PLAY', now())")
                    .params(UUID.randomUUID().toString(), e[0], e[1]).update();
        }
        popularity.refresh();
        JsonNode strangers = json.readTree(call("GET", "/api/v1/users/" + stranger + "/recommendations?limit=1000").body());
        assertThat(strangers.get("strategy").asString()).isEqualTo("popular");
        assertThat(strangers.get("items").findValuesAsString("trackId")).contains(known);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = call("GET", "/api/v1/users/" + user + "/recommendations?limit=2");
                    if (r.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                    served.incrementAndGet();
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        });
        load.start();
        try {
            HttpResponse<String> refused = call("POST", "/api/v1/admin/models/" + P + "bad/activate");
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("keeps serving").doesNotContain(System.getProperty("java.io.tmpdir"));
            assertThat(registry.find(P + "bad").orElseThrow().status()).as("refused on activation").isEqualTo("REJECTED");
            assertThat(json.readTree(call("GET", "/api/v1/admin/models/active").body()).get("serving").asString())
                    .isEqualTo(P + "v1");

            assertThat(call("POST", "/api/v1/admin/models/" + P + "v2/activate").statusCode()).isEqualTo(200);
            assertThat(registry.active().orElseThrow().versionId()).isEqualTo(P + "v2");
            assertThat(call("POST", "/api/v1/admin/models/" + P + "v1/activate").statusCode()).isEqualTo(200);
            assertThat(registry.active().orElseThrow().versionId()).isEqualTo(P + "v1");
            Thread.sleep(500);
        } finally {
            running.set(false);
            load.join();
        }
        assertThat(served.get()).isGreaterThan(0);
        assertThat(failures.get()).isZero();

        // a corrupt version made active behind the service's back (e.g. by a job) is refused at sync
        registry.activate(P + "bad");
        active.swap().sync();
        assertThat(registry.find(P + "bad").orElseThrow().status()).isEqualTo("REJECTED");
        assertThat(recommend(user).get("model").asString()).isEqualTo("tiny");
        active.swap().sync();
        assertThat(active.swap().versionId()).hasValue(P + "v1");

        // the kill switch: back to popularity, marked as fallback
        assertThat(call("DELETE", "/api/v1/admin/models/active").statusCode()).isEqualTo(200);
        assertThat(recommend(user).get("fallback").asBoolean()).isTrue();
        assertThat(registry.active()).isEmpty();
        assertThat(call("POST", "/api/v1/admin/models/no-such-version/activate").statusCode()).isEqualTo(404);
        assertThat(registry.list()).extracting(ModelVersion::versionId).contains(P + "v1", P + "v2", P + "bad");
    }
}
