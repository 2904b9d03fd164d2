package org.musicrec.recommender;

import org.musicrec.testsupport.RealServices;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of the recommender's integration tests: the real service against real PostgreSQL and Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RecommenderIntegrationTest {

    public static final String EVENTS_TOPIC = RealServices.topic("listening-events");
    public static final String DLT_TOPIC = RealServices.topic("listening-events.DLT");
    public static final String TRACKS_TOPIC = RealServices.topic("tracks");
    public static final String EMBEDDINGS_TOPIC = RealServices.topic("track-embeddings");

    @DynamicPropertySource
    static void realServices(DynamicPropertyRegistry registry) {
        RealServices.register(registry);
        registry.add("musicrec.topics.listening-events", () -> EVENTS_TOPIC);
        registry.add("musicrec.topics.listening-events-dlt", () -> DLT_TOPIC);
        registry.add("musicrec.topics.tracks", () -> TRACKS_TOPIC);
        registry.add("musicrec.topics.track-embeddings", () -> EMBEDDINGS_TOPIC);
        registry.add("spring.kafka.consumer.group-id", () -> "recommender-it-" + RealServices.RUN_ID);
        registry.add("musicrec.popularity.refresh-interval", () -> "1h");
        registry.add("musicrec.catalog.refresh-interval", () -> "1h");
        registry.add("musicrec.vectors.refresh-interval", () -> "1h");
    }
}
