package org.musicrec.recommender.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Topics and error handling. A record that cannot be read or breaks the contract goes to a dead-letter
 * topic at once (retrying cannot fix it) and the listener moves on; any other failure (PostgreSQL down, say)
 * is retried with back-off and never skipped, so no event is lost.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    @Bean
    NewTopic listeningEventsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.listeningEvents()).partitions(topics.partitions()).replicas(1).build();
    }

    @Bean
    NewTopic listeningEventsDeadLetterTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.listeningEventsDlt()).partitions(1).replicas(1).build();
    }

    @Bean
    NewTopic tracksTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.tracks()).partitions(topics.partitions()).replicas(1).compact().build();
    }

    @Bean
    NewTopic tracksDeadLetterTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.tracks() + ".DLT").partitions(1).replicas(1).build();
    }

    @Bean
    NewTopic trackEmbeddingsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.trackEmbeddings()).partitions(topics.partitions()).replicas(1).compact().build();
    }

    @Bean
    NewTopic trackEmbeddingsDeadLetterTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.trackEmbeddings() + ".DLT").partitions(1).replicas(1).build();
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaProperties kafka, TopicProperties topics) {
        var recoverer = new DeadLetterPublishingRecoverer(deadLetterTemplate(kafka), (record, ex) ->
                new TopicPartition(record.topic().equals(topics.listeningEvents())
                        ? topics.listeningEventsDlt() : record.topic() + ".DLT", 0));
        var handler = new DefaultErrorHandler(recoverer, new FixedBackOff(1000L, FixedBackOff.UNLIMITED_ATTEMPTS));
        // values the database refuses (out of range, bad encoding) cannot succeed on retry either
        handler.addNotRetryableExceptions(InvalidEventException.class, IllegalArgumentException.class,
                org.springframework.dao.DataIntegrityViolationException.class);
        return handler;
    }

    /** Dead letters carry the raw bytes of unreadable records, and JSON of readable but invalid ones. */
    private static KafkaTemplate<Object, Object> deadLetterTemplate(KafkaProperties kafka) {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(String.class, new StringSerializer());
        byType.put(Object.class, new JacksonJsonSerializer<>());
        var serializer = new DelegatingByTypeSerializer(byType, true);
        var factory = new DefaultKafkaProducerFactory<Object, Object>(kafka.buildProducerProperties(),
                serializer, serializer);
        return new KafkaTemplate<>(factory);
    }
}
