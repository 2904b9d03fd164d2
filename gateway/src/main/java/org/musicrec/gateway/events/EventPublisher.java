package org.musicrec.gateway.events;

import java.util.List;
import org.musicrec.events.ListeningEvent;
import org.musicrec.gateway.config.TopicProperties;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch as one Kafka transaction, keyed by userId so each user's events keep their order.
 * Consumers read committed records only, so a failed batch leaves nothing behind.
 */
@Component
class EventPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final TopicProperties topics;

    EventPublisher(KafkaTemplate<String, Object> kafka, TopicProperties topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    void publish(List<ListeningEvent> events) {
        try {
            kafka.executeInTransaction(ops -> {
                for (ListeningEvent event : events) {
                    ops.send(topics.listeningEvents(), event.userId(), event);
                }
                return null;
            });
        } catch (KafkaException | org.apache.kafka.common.KafkaException e) {
            throw new EventsUnavailableException("Kafka did not accept the batch", e);
        }
    }
}
