package org.musicrec.recommender.catalog;

import org.musicrec.events.TrackChanged;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands each record of the tracks topic to the catalogue copy. */
@Component
class TrackListener {

    private final CatalogService catalog;

    TrackListener(CatalogService catalog) {
        this.catalog = catalog;
    }

    @KafkaListener(id = "tracks", topics = "${musicrec.topics.tracks}",
            properties = "spring.json.value.default.type=org.musicrec.events.TrackChanged")
    void onTrack(TrackChanged track) {
        catalog.upsert(track);
    }
}
