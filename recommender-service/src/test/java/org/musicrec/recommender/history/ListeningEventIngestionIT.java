package org.musicrec.recommender.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.musicrec.recommender.RecommenderIntegrationTest;
import org.musicrec.testsupport.KafkaTestClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ListeningEventIngestionIT extends RecommenderIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HistoryService history;

    private static String event(String eventId, String userId, String trackId, String type) {
        return """
                {"eventId":"%s","userId":"%s","trackId":"%s","type":"%s","occurredAt":"2024-05-01T10:00:00Z",\
                "msPlayed":1000,"playCount":3}""".formatted(eventId, userId, trackId, type);
    }

    private long storedFor(String userId) {
        return jdbc.sql("SELECT count(*) FROM listening_events WHERE user_id = ?").param(userId).query(Long.class).single();
    }

    @Test
    void sameBatchSentTwiceIsStoredOnce() {
        String user = "u-" + UUID.randomUUID();
        List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        long duplicatesBefore = history.stats().duplicatesIgnored();
        for (int round = 0; round < 2; round++) {
            for (String id : ids) {
                KafkaTestClient.send(EVENTS_TOPIC, user, event(id, user, "t-" + id.substring(0, 4), "PLAY"));
            }
        }
        await(() -> history.stats().duplicatesIgnored() - duplicatesBefore >= 3);
        assertThat(storedFor(user)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT play_count FROM listening_events WHERE event_id = ?").param(ids.get(0))
                .query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndConsumingGoesOn() {
        String user = "u-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        KafkaTestClient.send(EVENTS_TOPIC, user, "this is not json " + marker);
        KafkaTestClient.send(EVENTS_TOPIC, user, event("bad-" + marker, "not a valid id!", "t1", "PLAY"));
        KafkaTestClient.send(EVENTS_TOPIC, "someone-else", event("key-" + marker, user, "t1", "PLAY"));
        KafkaTestClient.send(EVENTS_TOPIC, user, event("ancient-" + marker, user, "t1", "PLAY")
                .replace("2024-05-01T10:00:00Z", "0001-01-01T00:00:00Z"));
        KafkaTestClient.send(EVENTS_TOPIC, user, event("good-" + marker, user, "t2", "LIKE"));

        await(() -> storedFor(user) == 1);
        assertThat(jdbc.sql("SELECT event_type FROM listening_events WHERE event_id = ?").param("good-" + marker)
                .query(String.class).single()).isEqualTo("LIKE");

        List<ConsumerRecord<String, String>> dead = KafkaTestClient.readUntil(DLT_TOPIC, Duration.ofSeconds(60),
                records -> records.stream().filter(r -> r.value() != null && r.value().contains(marker)).count() == 4);
        assertThat(dead).filteredOn(r -> r.value() != null && r.value().contains(marker))
                .extracting(ConsumerRecord::value)
                .anySatisfy(v -> assertThat(v).isEqualTo("this is not json " + marker))
                .anySatisfy(v -> assertThat(v).contains("bad-" + marker))
                .anySatisfy(v -> assertThat(v).contains("key-" + marker))
                .anySatisfy(v -> assertThat(v).contains("ancient-" + marker))
                .hasSize(4);
        assertThat(dead).filteredOn(r -> r.value() != null && r.value().contains(marker))
                .allSatisfy(r -> assertThat(r.headers().lastHeader("kafka_dlt-exception-message")).isNotNull());
    }

    private static void await(BooleanSupplier condition) {
        Instant end = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("condition not met within 60 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
