package org.musicrec.recommender.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.musicrec.events.TrackChanged;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The recommender's read copy of the catalogue. PostgreSQL is the truth; an in-memory map serves lookups and
 * is refreshed from the table, so every replica sees tracks that another replica consumed.
 */
@Service
public class CatalogService {

    private final CatalogRepository repository;
    private final Map<String, CatalogTrack> tracks = new ConcurrentHashMap<>();
    /** How far back each refresh reads again, for rows whose transaction committed after a later one's. */
    static final Duration REFRESH_OVERLAP = Duration.ofMinutes(2);

    private volatile Instant loadedUpTo = Instant.EPOCH;

    CatalogService(CatalogRepository repository) {
        this.repository = repository;
    }

    void upsert(TrackChanged track) {
        // a record older than the stored version changes nothing, here as in the table
        if (repository.upsert(track)) {
            tracks.put(track.trackId(), new CatalogTrack(track.trackId(), track.title(), track.artist(), track.tags()));
        }
    }

    /** The track, if the catalogue has announced it. */
    public Optional<CatalogTrack> find(String trackId) {
        return Optional.ofNullable(tracks.get(trackId));
    }

    /** Number of tracks known. */
    public int size() {
        return tracks.size();
    }

    /**
     * Loads the tracks stored since the last refresh (by this or another replica). The cursor is the time the database
     * stored a row, not the producer's {@code updatedAt}, and the last minutes are read again, so a row committed late
     * is not skipped; a row read twice is its current (newest) version.
     */
    @Scheduled(fixedDelayString = "${musicrec.catalog.refresh-interval:30s}")
    public void refresh() {
        Instant from = loadedUpTo;
        Instant newest = from;
        for (var row : repository.storedSince(from.minus(REFRESH_OVERLAP))) {
            tracks.put(row.track().trackId(), row.track());
            if (row.storedAt().isAfter(newest)) {
                newest = row.storedAt();
            }
        }
        loadedUpTo = newest;
    }
}
