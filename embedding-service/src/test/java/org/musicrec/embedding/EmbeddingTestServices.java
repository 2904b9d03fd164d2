package org.musicrec.embedding;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.musicrec.testsupport.RealServices;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
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

    /**
     * A producer factory whose broker is a port where nothing listens: sends fail after about a second, as they do
     * when Kafka is down. Destroy it after use.
     */
    public static DefaultKafkaProducerFactory<String, Object> unreachableKafka() {
        return new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1500,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, JacksonJsonSerializer.class));
    }
}
