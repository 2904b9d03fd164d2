package org.musicrec.recommender.history;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.musicrec.events.ListeningEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands each record of the listening-events topic to the history service. */
@Component
class ListeningEventListener {

    private final HistoryService history;

    ListeningEventListener(HistoryService history) {
        this.history = history;
    }

    @KafkaListener(id = "listening-events", topics = "${musicrec.topics.listening-events}")
    void onEvent(ConsumerRecord<String, ListeningEvent> record) {
        history.record(record.key(), record.value());
    }
}
