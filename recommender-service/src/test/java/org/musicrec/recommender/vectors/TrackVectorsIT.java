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

    /**
     * All records of a test go with one key, so they share a partition and are consumed in order: once the last
     * one is stored, every earlier one has been handled.
     */
    private void publish(String key, String track, String version, float[] vector, Instant updatedAt) {
        KafkaTestClient.send(EMBEDDINGS_TOPIC, P + key, json.writeValueAsString(
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
        Instant now = Instant.now();
        publish("k1", "x", "enc-1", new float[] {3, 0, 0, 4}, now);
        publish("k1", "x", "enc-1", new float[] {0, 1, 0, 0}, now.minusSeconds(60));   // older: must not win
        KafkaTestClient.send(EMBEDDINGS_TOPIC, P + "k1", "not json " + P);
        publish("k1", "zero", "enc-1", new float[] {0, 0, 0, 0}, now);                 // no direction: refused
        publish("k1", "future", "enc-1", new float[] {1, 0, 0, 0}, now.plusSeconds(86_400)); // would win forever
        publish("k1", "y", "enc-1", new float[] {0, 2, 0, 0}, now);                    // after the bad ones

        await(() -> stored("y") != null, "the record after the broken ones");
        assertThat(stored("x")).containsExactly(3f, 0f, 0f, 4f);
        assertThat(vectors.find(P + "x")).hasValueSatisfying(v -> assertThat(v).containsExactly(0.6f, 0f, 0f, 0.8f));
        assertThat(stored("zero")).isNull();
        assertThat(stored("future")).isNull();
        var dead = KafkaTestClient.readUntil(EMBEDDINGS_TOPIC + ".DLT", Duration.ofSeconds(30),
                records -> records.stream().filter(r -> (P + "k1").equals(r.key())).count() >= 3);
        assertThat(dead).filteredOn(r -> (P + "k1").equals(r.key())).extracting(r -> r.value())
                .hasSize(3)
                .anySatisfy(v -> assertThat(v).startsWith("not json"))
                .anySatisfy(v -> assertThat(v).contains(P + "zero"))
                .anySatisfy(v -> assertThat(v).contains(P + "future"));
    }

    @Test
    void aReplicaThatDidNotConsumeARecordLoadsItFromTheTable() {
        // another replica stored it: only the table has it
        jdbc.sql("""
                        INSERT INTO track_vectors (track_id, model_version, vector, updated_at)
                        VALUES (?, 'enc-1', '{0,0,5}', now())""").param(P + "elsewhere").update();
        assertThat(vectors.find(P + "elsewhere")).isEmpty();
        vectors.refresh();
        assertThat(vectors.find(P + "elsewhere")).hasValueSatisfying(v -> assertThat(v).containsExactly(0f, 0f, 1f));
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

            String[] all = {"a", "b", "c", "d", "e", "n-close", "n-close2", "n-close3", "n-far", "n-other", "n-gone"};
        for (String t : all) {
            if (!t.equals("n-gone")) {   // n-gone has a vector but left the catalogue
                jdbc.sql("INSERT INTO tracks (track_id, title, artist, tags, updated_at) VALUES (?, ?, ?, ?, now())")
                        .params(P + t, "Song " + t, "Artist " + t,
                                t.equals("n-close3") ? new String[] {"ambient"} : new String[0]).update();
            }
        }
        catalog.refresh();
        Instant at = Instant.now();
        publish("k2", "a", "enc-1", new float[] {1, 0, 0}, at);
        publish("k2", "b", "enc-1", new float[] {1, 0.2f, 0}, at);
        publish("k2", "c", "enc-1", new float[] {0.8f, 0, 0.2f}, at);
        publish("k2", "n-gone", "enc-1", new float[] {1, 0.05f, 0.05f}, at);   // the closest, but not in the catalogue
        publish("k2", "n-close", "enc-1", new float[] {0.9f, 0.1f, 0}, at);     // cosine ~0.99 to the profile
        publish("k2", "n-close2", "enc-1", new float[] {0.7f, 0.3f, 0}, at);    // ~0.93
        publish("k2", "n-close3", "enc-1", new float[] {0.6f, 0, 0.5f}, at);    // ~0.81: third, no place left
        publish("k2", "n-far", "enc-1", new float[] {0, 0, 1}, at);             // ~0.1: below 0.5
        publish("k2", "n-other", "enc-2", new float[] {1, 0, 0}, at);           // another encoder version
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
            // the model's continuation of a, b, c first; the two new tracks closest to them last (2 places: the slots,
            // and a fifth of 10); not the far one, the other encoder version's or the one missing from the catalogue
            assertThat(ids).containsExactly("d", "e", "n-close", "n-close2");
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

            // a tag filter applies to new tracks before the places are filled: the third-closest has the tag
            JsonNode ambient = json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/api/v1/users/" + P + "me/recommendations?limit=10&tag=ambient"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            List<String> tagged = new ArrayList<>();
            ambient.get("items").forEach(i -> tagged.add(i.get("trackId").asString().substring(P.length())));
            assertThat(tagged).containsExactly("n-close3");
        } finally {
            active.swap().unload();
        }
    }
}
