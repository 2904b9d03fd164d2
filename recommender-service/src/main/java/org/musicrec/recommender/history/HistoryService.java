package org.musicrec.recommender.history;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.musicrec.events.ListeningEvent;
import org.musicrec.recommender.config.InvalidEventException;
import org.springframework.stereotype.Service;

/** Stores listening events once each and answers questions about a user's history. */
@Service
public class HistoryService {

    private final HistoryRepository repository;
    private final Counter stored;
    private final Counter duplicates;

    HistoryService(HistoryRepository repository, MeterRegistry meters) {
        this.repository = repository;
        this.stored = Counter.builder("musicrec.events.stored").description("listening events stored")
                .register(meters);
        this.duplicates = Counter.builder("musicrec.events.duplicates")
                .description("listening events received again and ignored (same eventId)").register(meters);
    }

    /**
     * Stores the event unless its eventId is stored already.
     *
     * @param key the record key, which the contract says is the userId
     */
    public void record(String key, ListeningEvent event) {
        if (event == null) {
            throw new InvalidEventException("record has no value");
        }
        if (key != null && !key.equals(event.userId())) {
            throw new InvalidEventException("record key '" + key + "' is not the event's userId '" + event.userId() + "'");
        }
        if (repository.insertIfAbsent(event)) {
            stored.increment();
        } else {
            duplicates.increment();
        }
    }

    /** The user's most recent track ids, oldest first, at most {@code length}. */
    public List<String> recentTracks(String userId, int length) {
        return repository.recentTracks(userId, length);
    }

    /** Every track the user has played, liked or completed. */
    public java.util.Set<String> playedTracks(String userId) {
        return repository.playedTracks(userId);
    }

    /** Counts for operators and the demo. */
    public IngestionStats stats() {
        return repository.stats((long) duplicates.count());
    }
}
