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
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.embedding.audio.WavFiles;
import org.musicrec.embedding.model.TestAudioModels;
import org.musicrec.registry.ModelArchive;
import org.musicrec.testsupport.KafkaTestClient;
import org.musicrec.embedding.EmbeddingTestServices;
import org.musicrec.testsupport.RealServices;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Audio upload to searchable vector over real HTTP, PostgreSQL and Kafka, with real audio files; every kind of
 * bad upload gets its 4xx. The encoder here is untrained: this is about the serving path, not about quality.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddingApiIT {

    static final String EMBEDDINGS = RealServices.topic("track-embeddings");
    static final Path AUDIO = Path.of("src/test/resources/audio");

    @DynamicPropertySource
    static void realServices(DynamicPropertyRegistry registry) {
        EmbeddingTestServices.register(registry, RealServices.topic("tracks"), EMBEDDINGS);
        registry.add("musicrec.audio.max-bytes", () -> "600KB");
        // the fixtures are 0.5 to 1 s excerpts; the default minimum is 1 s
        registry.add("musicrec.audio.min-duration", () -> "400ms");
        registry.add("musicrec.vectors.job-poll-interval", () -> "200ms");
    }

    @Autowired
    ActiveAudioEncoder encoder;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String p = "emb-" + UUID.randomUUID().toString().substring(0, 6) + "-";

    private HttpResponse<String> send(String method, String path, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void putTrack(String id) throws Exception {
        assertThat(send("PUT", "/api/v1/tracks/" + id, "{\"title\":\"T\",\"artist\":\"A\"}".getBytes(StandardCharsets.UTF_8),
                "application/json").statusCode()).isEqualTo(201);
    }

    private JsonNode uploadAndWait(String id, String file) throws Exception {
        HttpResponse<String> r = send("PUT", "/api/v1/tracks/" + id + "/audio", Files.readAllBytes(AUDIO.resolve(file)),
                "application/octet-stream");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String location = r.headers().firstValue("Location").orElseThrow();
        Instant end = Instant.now().plusSeconds(60);
        JsonNode job = json.readTree(r.body());
        while (!job.get("status").asString().equals("DONE") && !job.get("status").asString().equals("FAILED")) {
            assertThat(Instant.now()).isBefore(end);
            Thread.sleep(200);
            job = json.readTree(send("GET", location, null, null).body());
        }
        return job;
    }

    @Test
    void uploadsBecomeStoredSearchableAnnouncedVectorsAndBadUploadsAreRefused(@TempDir Path tmp) throws Exception {
        putTrack(p + "one");
        putTrack(p + "two");
        putTrack(p + "three");
        byte[] ogg = Files.readAllBytes(AUDIO.resolve("brahms-vorbis-44k-stereo.ogg"));

        HttpResponse<String> noModel = send("PUT", "/api/v1/tracks/" + p + "one/audio", ogg, "audio/ogg");
        if (encoder.encoder().isEmpty()) {
            assertThat(noModel.statusCode()).isEqualTo(503);
            assertThat(noModel.headers().firstValue("Retry-After")).isPresent();
        }

        Path model = tmp.resolve("model");
        TestAudioModels.exportUntrained(model, "untrained-" + p);
        encoder.swap().registry().register(p + "enc", "test", "{}", ModelArchive.pack(model));
        encoder.swap().activate(p + "enc");

        JsonNode one = uploadAndWait(p + "one", "brahms-vorbis-44k-stereo.ogg");
        assertThat(one.get("status").asString()).as(one.toString()).isEqualTo("DONE");
        assertThat(one.get("audioSeconds").asDouble()).isGreaterThan(0.5);
        assertThat(uploadAndWait(p + "two", "brahms-flac-16k-mono.flac").get("status").asString()).isEqualTo("DONE");
        assertThat(uploadAndWait(p + "three", "brahms-mp3-44k-stereo.mp3").get("status").asString()).isEqualTo("DONE");

        JsonNode embedding = json.readTree(send("GET", "/api/v1/tracks/" + p + "one/embedding", null, null).body());
        assertThat(embedding.get("dimension").asInt()).isEqualTo(128);
        double norm = 0;
        for (JsonNode x : embedding.get("vector")) {
            norm += x.asDouble() * x.asDouble();
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(embedding.get("modelVersion").asString()).isEqualTo("untrained-" + p);

        HttpResponse<String> undecodable = send("GET", "/api/v1/tracks/" + p + "one/similar?limit=%FF", null, null);
        assertThat(undecodable.statusCode()).as(undecodable.body()).isEqualTo(400);
        assertThat(json.readTree(undecodable.body()).get("errors").get(0).get("field").asString()).isEqualTo("query");
        HttpResponse<String> emptyLimit = send("GET", "/api/v1/tracks/" + p + "one/similar?limit=", null, null);
        assertThat(emptyLimit.statusCode()).as("an empty limit is no number, not the default").isEqualTo(400);
        assertThat(send("GET", "/api/v1/tracks/" + p + "one/similar", null, null).statusCode()).isEqualTo(200);
        JsonNode similar = json.readTree(send("GET", "/api/v1/tracks/" + p + "one/similar?limit=50", null, null).body());
        assertThat(similar.get("items").findValuesAsString("trackId")).contains(p + "two", p + "three")
                .doesNotContain(p + "one");

        var announced = KafkaTestClient.readUntil(EMBEDDINGS, Duration.ofSeconds(30),
                rs -> rs.stream().filter(r -> r.key().startsWith(p)).count() >= 3);
        assertThat(announced).filteredOn(r -> r.key().startsWith(p)).hasSize(3);

        // bad uploads: each gets its 4xx problem, nothing is queued
        record Bad(String what, byte[] body, int status, String reason) {
        }
        byte[] big = Files.readAllBytes(AUDIO.resolve("brahms-wav-f32-16k-mono.wav"));
        for (Bad bad : new Bad[] {
                new Bad("empty", new byte[0], 400, "EMPTY"),
                new Bad("text", "hello, this is not audio at all".repeat(50).getBytes(StandardCharsets.UTF_8), 415, "NOT_AUDIO"),
                new Bad("truncated", Arrays.copyOf(ogg, ogg.length / 2), 422, "CORRUPT"),
                new Bad("too large", Arrays.copyOf(big, 700 * 1024), 413, "TOO_LARGE"),
                new Bad("too short", WavFiles.wav16(new short[160], 16_000, 1), 422, "CORRUPT")}) {
            HttpResponse<String> r = send("PUT", "/api/v1/tracks/" + p + "three/audio", bad.body(), "application/octet-stream");
            assertThat(r.statusCode()).as(bad.what() + ": " + r.body()).isEqualTo(bad.status());
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(r.body()).get("reason").asString()).as(bad.what()).isEqualTo(bad.reason());
        }
        HttpResponse<String> tooShort = send("PUT", "/api/v1/tracks/" + p + "three/audio",
                WavFiles.wav16(new short[160], 16_000, 1), "audio/wav");
        assertThat(json.readTree(tooShort.body()).get("detail").asString()).contains("0.01 s").contains("0.40 s");
        // a declared Content-Type must be able to carry audio; none at all is sniffed
        for (String type : new String[] {"text/plain", "application/json", "image/png", "application/x-www-form-urlencoded"}) {
            HttpResponse<String> r = send("PUT", "/api/v1/tracks/" + p + "three/audio", ogg, type);
            assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(415);
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("reason").asString()).isEqualTo("UNSUPPORTED");
            assertThat(problem.get("detail").asString()).contains(type);
        }
        for (String type : new String[] {"application/ogg", "video/ogg", null}) {
            HttpResponse<String> r = send("PUT", "/api/v1/tracks/" + p + "three/audio", ogg, type);
            assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(202);
        }
        assertThat(send("PUT", "/api/v1/tracks/" + p + "missing/audio", ogg, "audio/ogg").statusCode()).isEqualTo(404);
        HttpResponse<String> multipart = send("PUT", "/api/v1/tracks/" + p + "three/audio", ogg,
                "multipart/form-data; boundary=xyz");
        assertThat(multipart.statusCode()).isEqualTo(415);
        assertThat(json.readTree(multipart.body()).get("detail").asString()).contains("not a multipart form");
        assertThat(send("GET", "/api/v1/tracks/" + p + "one/audio/jobs/not-a-uuid", null, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/tracks/" + p + "one/audio/jobs/" + UUID.randomUUID(), null, null).statusCode())
                .isEqualTo(404);
        putTrack(p + "silent");
        assertThat(send("GET", "/api/v1/tracks/" + p + "silent/embedding", null, null).statusCode()).isEqualTo(404);
    }
}
