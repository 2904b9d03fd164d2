package org.musicrec.recommender.vectors;

import org.musicrec.events.TrackEmbedded;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands each record of the track-embeddings topic to the vector store. */
@Component
class TrackVectorListener {

    private final TrackVectors vectors;

    TrackVectorListener(TrackVectors vectors) {
        this.vectors = vectors;
    }

    @KafkaListener(id = "track-embeddings", topics = "${musicrec.topics.track-embeddings}",
            properties = "spring.json.value.default.type=org.musicrec.events.TrackEmbedded")
    void onVector(TrackEmbedded embedded) {
        vectors.upsert(embedded);
    }
}
