package org.musicrec.gateway.config;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The gateway writes the listening-events topic, so it makes sure the topic exists with its partitions. */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfig {

    @Bean
    NewTopic listeningEventsTopic(TopicProperties topics) {
        return TopicBuilder.name(topics.listeningEvents()).partitions(topics.partitions()).replicas(1).build();
    }
}
