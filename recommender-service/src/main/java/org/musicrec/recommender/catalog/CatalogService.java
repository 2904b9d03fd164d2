package org.musicrec.recommender.catalog;

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
    private volatile Instant loadedUpTo = Instant.EPOCH;

    CatalogService(CatalogRepository repository) {
        this.repository = repository;
    }

    void upsert(TrackChanged track) {
        repository.upsert(track);
        tracks.put(track.trackId(), new CatalogTrack(track.trackId(), track.title(), track.artist(), track.tags()));
    }

    /** The track, if the catalogue has announced it. */
    public Optional<CatalogTrack> find(String trackId) {
        return Optional.ofNullable(tracks.get(trackId));
    }

    /** Number of tracks known. */
    public int size() {
        return tracks.size();
    }

    /** Loads tracks changed since the last refresh from the table. */
    @Scheduled(fixedDelayString = "${musicrec.catalog.refresh-interval:30s}")
    public void refresh() {
        Instant from = loadedUpTo;
        Instant newest = from;
        for (var row : repository.changedSince(from)) {
            tracks.put(row.track().trackId(), row.track());
            if (row.updatedAt().isAfter(newest)) {
                newest = row.updatedAt();
            }
        }
        loadedUpTo = newest;
    }
}
