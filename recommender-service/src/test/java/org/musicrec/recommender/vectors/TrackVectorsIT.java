package org.musicrec.recommender.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.events.TrackEmbedded;
import org.musicrec.recommender.RecommenderIntegrationTest;
import org.musicrec.recommender.TinyModels;
import org.musicrec.recommender.catalog.CatalogService;
import org.musicrec.recommender.registry.ActiveModel;
import org.musicrec.registry.ModelArchive;
import org.musicrec.testsupport.KafkaTestClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Track vectors arrive on the real track-embeddings topic, land in PostgreSQL (newest wins, broken records go to the
 * dead-letter topic), and place tracks the ranker has never seen at the end of a model-ranked list.
 */
class TrackVectorsIT extends RecommenderIntegrationTest {

    private static final String P = "tv-" + UUID.randomUUID().toString().substring(0, 6) + "-";

    @Autowired
    TrackVectors vectors;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CatalogService catalog;
    @Autowired
    ActiveModel active;
    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    private void publish(String track, String version, float[] vector, Instant updatedAt) {
        KafkaTestClient.send(EMBEDDINGS_TOPIC, P + track, json.writeValueAsString(
                new TrackEmbedded(P + track, version, vector, List.of("metadata"), updatedAt)));
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(30);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(end);
            Thread.sleep(200);
        }
    }

    private float[] stored(String track) {
        return jdbc.sql("SELECT vector FROM track_vectors WHERE track_id = ?").param(P + track)
                .query((rs, n) -> {
                    Object[] values = (Object[]) rs.getArray(1).getArray();
                    float[] out = new float[values.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = ((Number) values[i]).floatValue();
                    }
                    return out;
                }).optional().orElse(null);
    }

    @Test
    void keepsTheNewestVectorAndDeadLettersBrokenRecordsWithoutStopping() throws Exception {
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        publish("x", "enc-1", new float[] {3, 0, 0, 4}, now);
        publish("x", "enc-1", new float[] {0, 1, 0, 0}, now.minusSeconds(60));   // older: must not win
        KafkaTestClient.send(EMBEDDINGS_TOPIC, P + "junk", "not json " + P);
        publish("zero", "enc-1", new float[] {0, 0, 0, 0}, now);                 // no direction: refused
        publish("y", "enc-1", new float[] {0, 2, 0, 0}, now);                    // after the bad ones: still consumed

        await(() -> stored("y") != null, "the record after the broken ones");
        assertThat(stored("x")).containsExactly(3f, 0f, 0f, 4f);
        assertThat(vectors.find(P + "x")).hasValueSatisfying(v -> assertThat(v).containsExactly(0.6f, 0f, 0f, 0.8f));
        assertThat(stored("zero")).isNull();
        var dead = KafkaTestClient.readUntil(EMBEDDINGS_TOPIC + ".DLT", Duration.ofSeconds(30),
                records -> records.stream().filter(r -> r.key() != null && r.key().startsWith(P)).count() >= 2);
        assertThat(dead).filteredOn(r -> r.key() != null && r.key().startsWith(P))
                .extracting(r -> r.key()).containsExactlyInAnyOrder(P + "junk", P + "zero");
    }

    @Test
    void newTracksCloseToTheHistoryTakeTheLastPlaces(@TempDir Path tmp) throws Exception {
        // the model knows a..e (a cycle); n-close and n-far joined the catalogue after its training
        List<String> known = List.of(P + "a", P + "b", P + "c", P + "d", P + "e");
        var registry = active.swap().registry();
        registry.register(P + "model", "fp", "{}", ModelArchive.pack(TinyModels.cyclic(known, P + "model", tmp.resolve("m"))));
        registry.activate(P + "model");
        active.swap().sync();
        try {

            String[] all = {"a", "b", "c", "d", "e", "n-close", "n-far", "n-other"};
            for (String t : all) {
                jdbc.sql("INSERT INTO tracks (track_id, title, artist, tags, updated_at) VALUES (?, ?, ?, '{}', now())")
                        .params(P + t, "Song " + t, "Artist " + t).update();
            }
            catalog.refresh();
            Instant at = Instant.now();
            publish("a", "enc-1", new float[] {1, 0, 0}, at);
            publish("b", "enc-1", new float[] {1, 0.2f, 0}, at);
            publish("c", "enc-1", new float[] {0.8f, 0, 0.2f}, at);
            publish("n-close", "enc-1", new float[] {0.9f, 0.1f, 0}, at);
            publish("n-far", "enc-1", new float[] {0, 0, 1}, at);          // cosine ~0.1 to the profile: below 0.5
            publish("n-other", "enc-2", new float[] {1, 0, 0}, at);        // another encoder version: not comparable
            await(() -> vectors.find(P + "n-other").isPresent(), "the vectors");

            Instant played = Instant.now().minusSeconds(600);
            for (String t : List.of("a", "b", "c")) {
                jdbc.sql("""
                                INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at)
                                VALUES (?, ?, ?, 'PLAY', ?)""")
                        .params(UUID.randomUUID().toString(), P + "me", P + t, Timestamp.from(played = played.plusSeconds(60)))
                        .update();
            }

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/api/v1/users/" + P + "me/recommendations?limit=10")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json.readTree(response.body());
            assertThat(body.get("strategy").asString()).isEqualTo("attention");
            List<String> ids = new ArrayList<>();
            body.get("items").forEach(i -> ids.add(i.get("trackId").asString().substring(P.length())));
            // the model's continuation of a, b, c first; the new track close to them last; the far one and the other
            // encoder version's track not at all
            assertThat(ids).containsExactly("d", "e", "n-close");
            JsonNode last = body.get("items").get(2);
            assertThat(last.get("reason").asString()).startsWith("new in the catalogue, close to Song ");
            assertThat(last.get("becauseOf").asString()).isIn(P + "a", P + "b");
            assertThat(last.get("score").asDouble()).isBetween(0.5, 1.0);

            // a short list (under five places) keeps every place for the model
            JsonNode two = json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/api/v1/users/" + P + "me/recommendations?limit=2")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<String> short2 = new ArrayList<>();
            two.get("items").forEach(i -> short2.add(i.get("trackId").asString().substring(P.length())));
            assertThat(short2).containsExactly("d", "e");
        } finally {
            active.swap().unload();
        }
    }
}
