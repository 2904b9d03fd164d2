package org.musicrec.embedding.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.musicrec.embedding.config.TopicProperties;
import org.musicrec.testsupport.KafkaTestClient;
import org.musicrec.embedding.EmbeddingTestServices;
import org.musicrec.testsupport.RealServices;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A stored vector whose announcement on track-embeddings failed is not lost: it stays pending in the table and the
 * announcer sends it again. Real PostgreSQL and Kafka; the failure is a producer pointed at a port where no broker
 * listens.
 */
@SpringBootTest
@DirtiesContext
class VectorAnnouncerIT {

    static final String EMBEDDINGS = RealServices.topic("track-embeddings");

    @DynamicPropertySource
    static void realServices(DynamicPropertyRegistry registry) {
        EmbeddingTestServices.register(registry, RealServices.topic("tracks"), EMBEDDINGS);
        // the service's own retry leaves this test's fresh rows alone (it runs once at start-up, possibly while the
        // test runs); the test drives a retry of its own
        registry.add("musicrec.vectors.announce-retry-interval", () -> "1h");
        registry.add("musicrec.vectors.announce-grace", () -> "1h");
    }

    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    VectorRepository repository;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TopicProperties topics;

    private final String track = "va-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

    @Test
    void aVectorWhoseAnnouncementFailedIsSentAgainAndMarked() {
        jdbc.sql("INSERT INTO tracks (track_id, title, artist) VALUES (:id, 'Song', 'Band')").param("id", track).update();
        Instant stored = Instant.now().truncatedTo(ChronoUnit.MICROS);
        VectorAnnouncer announcer = new VectorAnnouncer(repository, kafka, topics, Duration.ZERO, 100_000);
        TrackVector vector = new TrackVector(track, new float[] {0.6f, 0.8f}, "audio-" + track, List.of("audio"), 30.0,
                stored);
        repository.upsertVector(vector);
        assertThat(announcedAt()).as("a fresh vector is pending").isNull();

        // the broker is unreachable: nothing is acknowledged, the vector stays pending
        DefaultKafkaProducerFactory<String, Object> broken = EmbeddingTestServices.unreachableKafka();
        try {
            VectorAnnouncer failing = new VectorAnnouncer(repository, new KafkaTemplate<>(broken), topics,
                    Duration.ZERO, 10);
            assertThat(failing.announce(List.of(vector), Duration.ofSeconds(5))).isZero();
        } finally {
            broken.destroy();
        }
        assertThat(announcedAt()).as("still pending after the failed send").isNull();
        assertThat(repository.unannounced(Instant.now(), 100_000)).extracting(TrackVector::trackId).contains(track);

        // the retry finds it and sends it: it reaches the topic and is marked
        assertThat(announcer.announcePending()).isPositive();
        assertThat(announcedAt()).isNotNull();
        assertThat(repository.unannounced(Instant.now(), 100_000)).extracting(TrackVector::trackId).doesNotContain(track);
        var records = KafkaTestClient.readUntil(EMBEDDINGS, Duration.ofSeconds(30),
                rs -> rs.stream().anyMatch(r -> track.equals(r.key())));
        assertThat(records).filteredOn(r -> track.equals(r.key())).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("audio-" + track).contains("0.6"));

        // a newer vector makes the track pending again; an acknowledgement for the older one does not mark it
        TrackVector newer = new TrackVector(track, new float[] {0.8f, 0.6f}, "audio-" + track, List.of("audio"), 30.0,
                stored.plusSeconds(1));
        repository.upsertVector(newer);
        assertThat(announcedAt()).isNull();
        repository.markAnnounced(track, stored);
        assertThat(announcedAt()).as("the older vector's acknowledgement").isNull();
        assertThat(announcer.announce(List.of(newer), Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(announcedAt()).isNotNull();
    }

    private Instant announcedAt() {
        return jdbc.sql("SELECT announced_at FROM track_vectors WHERE track_id = :id").param("id", track)
                .query((rs, n) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).list().get(0);
    }
}
