package org.musicrec.embedding;

import org.musicrec.testsupport.RealServices;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The embedding service's integration tests: real PostgreSQL and Kafka, and topics of the test class's own. */
public final class EmbeddingTestServices {

    private EmbeddingTestServices() {
    }

    public static void register(DynamicPropertyRegistry registry, String tracksTopic, String embeddingsTopic) {
        RealServices.register(registry);
        registry.add("musicrec.topics.tracks", () -> tracksTopic);
        registry.add("musicrec.topics.track-embeddings", () -> embeddingsTopic);
    }
}
