package org.musicrec.embedding.config;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics this service owns; both are compacted: the newest record per track is what matters. */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    @Bean
    NewTopic tracksTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.tracks()).partitions(topics.partitions()).replicas(1).compact().build();
    }

    @Bean
    NewTopic trackEmbeddingsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.trackEmbeddings()).partitions(topics.partitions()).replicas(1).compact()
                .build();
    }
}
