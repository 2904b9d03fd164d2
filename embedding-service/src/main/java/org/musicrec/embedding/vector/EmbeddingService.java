package org.musicrec.embedding.vector;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.musicrec.embedding.audio.AudioDecoder;
import org.musicrec.embedding.audio.InvalidAudioException;
import org.musicrec.embedding.audio.Pcm;
import org.musicrec.embedding.model.AudioEncoder;
import org.musicrec.embedding.model.Embedding;
import org.musicrec.embedding.model.TrackEncoder;
import org.musicrec.embedding.model.TrackFeatures;
import org.musicrec.embedding.track.Track;
import org.musicrec.embedding.track.TrackService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Audio uploads to track vectors. An upload is decoded at once (bad audio is refused with its reason), stored
 * with a queued job and embedded in the background; the vector is stored, indexed and announced on Kafka.
 */
@Service
public class EmbeddingService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingService.class);

    private final TrackService tracks;
    private final AudioDecoder decoder;
    private final ActiveAudioEncoder encoder;
    private final ActiveTrackEncoder trackEncoder;
    private final VectorRepository repository;
    private final VectorIndex index;
    private final VectorAnnouncer announcer;

    EmbeddingService(TrackService tracks, AudioDecoder decoder, ActiveAudioEncoder encoder,
                     ActiveTrackEncoder trackEncoder, VectorRepository repository, VectorIndex index,
                     VectorAnnouncer announcer) {
        this.tracks = tracks;
        this.decoder = decoder;
        this.encoder = encoder;
        this.trackEncoder = trackEncoder;
        this.repository = repository;
        this.index = index;
        this.announcer = announcer;
    }

    /**
     * Accepts a track's audio: checks the track exists and the bytes decode, then queues the embedding.
     *
     * @throws InvalidAudioException       when the bytes are not usable audio (with the reason)
     * @throws EncoderUnavailableException when no encoder is loaded
     */
    public AudioJob submit(String trackId, byte[] audio) {
        tracks.get(trackId);
        if (encoder.encoder().isEmpty()) {
            throw new EncoderUnavailableException();
        }
        Pcm pcm = decoder.decode(audio);
        UUID jobId = UUID.randomUUID();
        repository.insertJob(jobId, trackId, audio, pcm.durationSeconds());
        return repository.job(trackId, jobId).orElseThrow();
    }

    public AudioJob job(String trackId, UUID jobId) {
        tracks.get(trackId);
        return repository.job(trackId, jobId).orElseThrow(() -> new JobNotFoundException(trackId, jobId.toString()));
    }

    public TrackVector vector(String trackId) {
        tracks.get(trackId);
        return repository.vector(trackId).orElseThrow(() -> new VectorNotFoundException(trackId));
    }

    /** Tracks whose vectors are closest to this track's, with their metadata. */
    public List<Similar> similar(String trackId, int limit) {
        TrackVector vector = vector(trackId);
        return index.nearest(trackId, vector.vector(), vector.modelVersion(), limit).stream()
                .map(n -> new Similar(tracks.find(n.trackId()).orElse(null), n.trackId(), n.similarity()))
                .toList();
    }

    /** A similar track: its catalogue entry (null if it vanished) and cosine similarity. */
    public record Similar(Track track, String trackId, double similarity) {
    }

    /** Works off queued jobs, one at a time per replica. */
    @Scheduled(fixedDelayString = "${musicrec.vectors.job-poll-interval:1s}")
    void work() {
        AudioEncoder current = encoder.encoder().orElse(null);
        if (current == null) {
            return;
        }
        VectorRepository.Claimed job;
        while ((job = repository.claimNext().orElse(null)) != null) {
            process(job, current);
        }
    }

    private void process(VectorRepository.Claimed job, AudioEncoder current) {
        try {
            Pcm pcm = decoder.decode(job.audio());
            Embedding audio = current.embed(pcm);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            repository.upsertAudioEmbedding(job.trackId(), audio.vector(), audio.modelVersion(), pcm.durationSeconds(), now);
            // with a track encoder the audio is one input of the track's vector; without one it is the vector
            TrackEncoder fuse = trackEncoder.encoder().orElse(null);
            Embedding embedding = audio;
            List<String> sources = List.of("audio");
            if (fuse != null) {
                Track track = tracks.get(job.trackId());
                embedding = fuse.encode(new TrackFeatures(track.title(), track.artist(), track.tags(), audio.vector()));
                // an encoder trained without audio ignores it: the vector is the metadata's, and says so
                sources = fuse.usesAudio() ? List.of("audio", "metadata") : List.of("metadata");
            }
            TrackVector vector = new TrackVector(job.trackId(), embedding.vector(), embedding.modelVersion(),
                    sources, pcm.durationSeconds(), now);
            repository.upsertVector(vector);
            index.put(job.trackId(), embedding.modelVersion(), embedding.vector());
            // the vector is stored: the job is done even if the announcement fails (it is retried from the table)
            announcer.announce(List.of(vector), Duration.ofSeconds(10));
            repository.finish(job.jobId(), null);
        } catch (InvalidAudioException e) {
            repository.finish(job.jobId(), e.kind() + ": " + e.getMessage());
        } catch (Exception e) {
            log.error("audio job {} of track {} failed", job.jobId(), job.trackId(), e);
            repository.finish(job.jobId(), "embedding failed: " + e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${musicrec.vectors.requeue-interval:60s}")
    void requeueStale() {
        int n = repository.requeueStale(Duration.ofMinutes(10));
        if (n > 0) {
            log.warn("re-queued {} audio jobs left running by a stopped replica", n);
        }
    }
}
