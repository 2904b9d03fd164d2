package org.musicrec.embedding.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.embedding.model.TestAudioModels;
import org.musicrec.embedding.model.TestTrackModels;
import org.musicrec.registry.ModelArchive;
import org.musicrec.testsupport.KafkaTestClient;
import org.musicrec.embedding.EmbeddingTestServices;
import org.musicrec.testsupport.RealServices;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With a trained track encoder registered and activated, the backfill gives metadata-only tracks vectors, similar
 * tracks follow the co-listening the encoder learned, and an audio upload is fused with the track's metadata.
 * Real HTTP, PostgreSQL and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TrackEncoderIT {

    static final String EMBEDDINGS = RealServices.topic("track-embeddings");

    @DynamicPropertySource
    static void realServices(DynamicPropertyRegistry registry) {
        EmbeddingTestServices.register(registry, RealServices.topic("tracks"), EMBEDDINGS);
        registry.add("musicrec.vectors.job-poll-interval", () -> "200ms");
        registry.add("musicrec.vectors.backfill-interval", () -> "200ms");
        registry.add("musicrec.vectors.backfill-batch", () -> "3");
        registry.add("musicrec.audio.min-duration", () -> "250ms"); // the uploaded fixture is a 1 s excerpt
    }

    @Autowired
    ActiveTrackEncoder trackEncoder;
    @Autowired
    ActiveAudioEncoder audioEncoder;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String p = "te" + UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);

    @AfterEach
    void noActiveModelLeaksIntoOtherTests() {
        trackEncoder.swap().unload();
        audioEncoder.swap().unload();
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** Track {@code <p>-<c><i>} of cluster c: the synthetic encoder's artist and title, two of the cluster's tags. */
    private String putTrack(char c, int i) throws Exception {
        String id = p + "-" + c + i;
        int cluster = c == 'a' ? 0 : 1;
        String body = String.format("{\"title\":\"Song %d-%d\",\"artist\":\"Artist %d-%d\",\"tags\":[\"%s%c%d\",\"%s%c%d\"]}",
                cluster, i, cluster, i, p, c, 2 * i, p, c, 2 * i + 1);
        HttpResponse<String> r = send("PUT", "/api/v1/tracks/" + id, body.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return id;
    }

    private JsonNode awaitEmbedding(String id, String version) throws Exception {
        Instant end = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> r = send("GET", "/api/v1/tracks/" + id + "/embedding", null, null);
            if (r.statusCode() == 200) {
                JsonNode e = json.readTree(r.body());
                if (e.get("modelVersion").asString().equals(version)) {
                    return e;
                }
            }
            assertThat(Instant.now()).as("vector of " + id + " from " + version).isBefore(end);
            Thread.sleep(200);
        }
    }

    @Test
    void metadataOnlyTracksGetVectorsFromTheActiveTrackEncoderAndSimilarTracksFollowCoListening(@TempDir Path tmp)
            throws Exception {
        List<String> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            a.add(putTrack('a', i));
            b.add(putTrack('b', i));
        }
        Path model = tmp.resolve("model");
        String version = "track-it-" + p;
        TestTrackModels.exportClusters(model, version, p);
        trackEncoder.swap().registry().register(version, "synthetic", "{}", ModelArchive.pack(model));
        trackEncoder.swap().activate(version);

        for (String id : a) {
            JsonNode e = awaitEmbedding(id, version);
            assertThat(e.get("sources").toString()).isEqualTo("[\"metadata\"]");
            assertThat(e.get("dimension").asInt()).isEqualTo(128);
        }
        for (String id : b) {
            awaitEmbedding(id, version);
        }

        for (List<String> cluster : List.of(a, b)) {
            for (String id : cluster) {
                JsonNode similar = get("/api/v1/tracks/" + id + "/similar?limit=100");
                List<String> mine = similar.get("items").findValuesAsString("trackId").stream()
                        .filter(t -> t.startsWith(p + "-")).toList();
                assertThat(mine).hasSize(7);
                assertThat(mine.subList(0, 3)).as("nearest to " + id).allMatch(cluster::contains);
            }
        }

        var announced = KafkaTestClient.readUntil(EMBEDDINGS, Duration.ofSeconds(30),
                rs -> rs.stream().filter(r -> r.key().startsWith(p + "-")).map(r -> r.key()).distinct().count() >= 8);
        assertThat(announced).filteredOn(r -> r.key().startsWith(p + "-"))
                .allMatch(r -> r.value().contains(version) && r.value().contains("metadata"));

        // this encoder was trained without audio (its audio path is zero): an upload leaves the metadata vector, and
        // the vector does not claim audio as a source
        Path audio = tmp.resolve("audio-model");
        TestAudioModels.exportUntrained(audio, "untrained-" + p);
        audioEncoder.swap().registry().register(p + "-audio", "test", "{}", ModelArchive.pack(audio));
        audioEncoder.swap().activate(p + "-audio");
        byte[] brahms = Files.readAllBytes(Path.of("src/test/resources/audio/brahms-vorbis-44k-stereo.ogg"));
        JsonNode before = get("/api/v1/tracks/" + a.get(0) + "/embedding");
        awaitJobDone(a.get(0), send("PUT", "/api/v1/tracks/" + a.get(0) + "/audio", brahms, "audio/ogg"));
        JsonNode metadataOnly = get("/api/v1/tracks/" + a.get(0) + "/embedding");
        assertThat(metadataOnly.get("sources").toString()).isEqualTo("[\"metadata\"]");
        double cosine = 0;
        for (int i = 0; i < before.get("vector").size(); i++) {
            cosine += before.get("vector").get(i).asDouble() * metadataOnly.get("vector").get(i).asDouble();
        }
        assertThat(cosine).as("the metadata vector, up to float round-off").isGreaterThan(0.9999);

        // an encoder whose audio path was trained fuses the audio with the metadata
        Path withAudio = tmp.resolve("audio-aware");
        TestTrackModels.exportWithAudioPath(withAudio, version + "-audio");
        trackEncoder.swap().registry().register(version + "-audio", "synthetic", "{}", ModelArchive.pack(withAudio));
        trackEncoder.swap().activate(version + "-audio");
        awaitJobDone(a.get(0), send("PUT", "/api/v1/tracks/" + a.get(0) + "/audio", brahms, "audio/ogg"));
        Instant end = Instant.now().plusSeconds(60);
        JsonNode embedding;
        do {
            assertThat(Instant.now()).isBefore(end);
            Thread.sleep(200);
            embedding = get("/api/v1/tracks/" + a.get(0) + "/embedding");
        } while (!embedding.get("sources").toString().equals("[\"audio\",\"metadata\"]"));
        assertThat(embedding.get("modelVersion").asString()).isEqualTo(version + "-audio");

        // an audio model named on the track encoders' route is no version of that kind: a 404, and nothing changes
        HttpResponse<String> wrongKind = send("POST", "/api/v1/admin/embedding/track-models/" + p + "-audio/activate",
                null, null);
        assertThat(wrongKind.statusCode()).as(wrongKind.body()).isEqualTo(404);
        assertThat(audioEncoder.swap().registry().find(p + "-audio").orElseThrow().status()).isEqualTo("READY");
        assertThat(trackEncoder.swap().versionId()).hasValue(version + "-audio");
    }

    private void awaitJobDone(String trackId, HttpResponse<String> upload) throws Exception {
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        String job = json.readTree(upload.body()).get("jobId").asString();
        Instant end = Instant.now().plusSeconds(60);
        String status;
        do {
            assertThat(Instant.now()).as("audio job " + job).isBefore(end);
            Thread.sleep(200);
            status = get("/api/v1/tracks/" + trackId + "/audio/jobs/" + job).get("status").asString();
        } while (!status.equals("DONE") && !status.equals("FAILED"));
        assertThat(status).isEqualTo("DONE");
    }
}
