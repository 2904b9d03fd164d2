package org.musicrec.embedding.track;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.musicrec.embedding.config.TopicProperties;
import org.musicrec.events.TrackChanged;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalogue. A change is committed to PostgreSQL only after Kafka acknowledged its announcement, so the
 * services that keep a copy never miss one; a failed announcement rolls the change back and the client retries.
 */
@Service
public class TrackService {

    private final TrackRepository repository;
    private final KafkaTemplate<String, Object> kafka;
    private final TopicProperties topics;
    private final Duration sendTimeout;

    TrackService(TrackRepository repository, KafkaTemplate<String, Object> kafka, TopicProperties topics,
                 @Value("${musicrec.kafka.send-timeout:10s}") Duration sendTimeout) {
        this.repository = repository;
        this.kafka = kafka;
        this.topics = topics;
        this.sendTimeout = sendTimeout;
    }

    /** Creates or replaces a track's metadata. Returns whether it was created. */
    @Transactional
    public Saved save(String trackId, String title, String artist, List<String> tags) {
        List<String> cleanTags = tags == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(tags.stream().map(String::trim).toList()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Track track = repository.upsert(trackId, title.trim(), artist.trim(), cleanTags, now);
        announce(new TrackChanged(track.trackId(), track.title(), track.artist(), track.tags(), track.updatedAt()));
        return new Saved(track, track.createdAt().equals(track.updatedAt()));
    }

    public java.util.Optional<Track> find(String trackId) {
        return repository.find(trackId);
    }

    public Track get(String trackId) {
        return repository.find(trackId).orElseThrow(() -> new TrackNotFoundException(trackId));
    }

    private void announce(TrackChanged change) {
        try {
            kafka.send(topics.tracks(), change.trackId(), change).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException
                 | org.springframework.kafka.KafkaException e) {
            // send() itself throws when the broker is unreachable for max.block.ms; the future fails for the rest
            throw new CatalogUnavailableException("the catalogue change could not be published to Kafka", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogUnavailableException("interrupted while publishing the catalogue change", e);
        }
    }

    /** A stored track and whether this call created it. */
    public record Saved(Track track, boolean created) {
    }
}
