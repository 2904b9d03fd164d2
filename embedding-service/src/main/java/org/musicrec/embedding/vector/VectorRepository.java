package org.musicrec.embedding.vector;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Track vectors and audio jobs in PostgreSQL. */
@Repository
class VectorRepository {

    private final JdbcClient jdbc;

    VectorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void upsertVector(TrackVector v) {
        jdbc.sql("""
                        INSERT INTO track_vectors (track_id, vector, model_version, sources, audio_seconds, updated_at)
                        VALUES (:id, :vector, :model, :sources, :seconds, :at)
                        ON CONFLICT (track_id) DO UPDATE SET vector = excluded.vector,
                            model_version = excluded.model_version, sources = excluded.sources,
                            audio_seconds = excluded.audio_seconds, updated_at = excluded.updated_at,
                            announced_at = NULL""")
                .param("id", v.trackId()).param("vector", boxed(v.vector())).param("model", v.modelVersion())
                .param("sources", v.sources().toArray(String[]::new)).param("seconds", v.audioSeconds())
                .param("at", Timestamp.from(v.updatedAt())).update();
    }

    /**
     * Writes the vector only if the stored one is still the one read at {@code previousUpdatedAt} (null: there was
     * none), so a batch never overwrites a vector written meanwhile. Returns whether it was written.
     */
    boolean upsertVectorIfUnchanged(TrackVector v, Instant previousUpdatedAt) {
        // two statements instead of one with a nullable typed parameter, which the driver types badly
        String sql = previousUpdatedAt == null ? """
                INSERT INTO track_vectors (track_id, vector, model_version, sources, audio_seconds, updated_at)
                VALUES (:id, :vector, :model, :sources, :seconds, :at)
                ON CONFLICT (track_id) DO NOTHING""" : """
                UPDATE track_vectors SET vector = :vector, model_version = :model, sources = :sources,
                    audio_seconds = :seconds, updated_at = :at, announced_at = NULL
                WHERE track_id = :id AND updated_at = :previous""";
        var statement = jdbc.sql(sql)
                .param("id", v.trackId()).param("vector", boxed(v.vector())).param("model", v.modelVersion())
                .param("sources", v.sources().toArray(String[]::new)).param("seconds", v.audioSeconds())
                .param("at", Timestamp.from(v.updatedAt()));
        if (previousUpdatedAt != null) {
            statement = statement.param("previous", Timestamp.from(previousUpdatedAt));
        }
        return statement.update() == 1;
    }

    /**
     * Marks the vector announced, if the stored one is still the one that was sent (a newer vector written meanwhile
     * stays pending and is announced in its turn).
     */
    void markAnnounced(String trackId, Instant updatedAt) {
        jdbc.sql("UPDATE track_vectors SET announced_at = now() WHERE track_id = :id AND updated_at = :at")
                .param("id", trackId).param("at", Timestamp.from(updatedAt)).update();
    }

    /** Up to {@code limit} vectors stored before {@code storedBefore} whose announcement has not succeeded, oldest first. */
    List<TrackVector> unannounced(Instant storedBefore, int limit) {
        return jdbc.sql("""
                        SELECT track_id, vector, model_version, sources, audio_seconds, updated_at FROM track_vectors
                        WHERE announced_at IS NULL AND updated_at < :before ORDER BY updated_at LIMIT :limit""")
                .param("before", Timestamp.from(storedBefore)).param("limit", limit)
                .query(VectorRepository::mapVector).list();
    }

    /** The audio encoder's output for a track, kept for the track encoder. */
    void upsertAudioEmbedding(String trackId, float[] vector, String modelVersion, double seconds, Instant at) {
        jdbc.sql("""
                        INSERT INTO track_audio_embeddings (track_id, vector, model_version, audio_seconds, updated_at)
                        VALUES (:id, :vector, :model, :seconds, :at)
                        ON CONFLICT (track_id) DO UPDATE SET vector = excluded.vector,
                            model_version = excluded.model_version, audio_seconds = excluded.audio_seconds,
                            updated_at = excluded.updated_at""")
                .param("id", trackId).param("vector", boxed(vector)).param("model", modelVersion)
                .param("seconds", seconds).param("at", Timestamp.from(at)).update();
    }

    /**
     * Up to {@code limit} tracks whose vector is missing, of another model version than {@code version}, older than
     * the track's metadata or older than its audio embedding; with what the track encoder needs.
     */
    List<Pending> tracksNeedingVector(String version, int limit) {
        return jdbc.sql("""
                        SELECT t.track_id, t.title, t.artist, t.tags, a.vector AS audio, a.audio_seconds,
                               v.updated_at AS vector_updated_at
                        FROM tracks t
                        LEFT JOIN track_vectors v ON v.track_id = t.track_id
                        LEFT JOIN track_audio_embeddings a ON a.track_id = t.track_id
                        WHERE v.track_id IS NULL OR v.model_version <> :version OR v.updated_at < t.updated_at
                           OR v.updated_at < a.updated_at
                        ORDER BY t.track_id
                        LIMIT :limit""")
                .param("version", version).param("limit", limit)
                .query((rs, n) -> {
                    Array audio = rs.getArray("audio");
                    double seconds = rs.getDouble("audio_seconds");
                    Double s = rs.wasNull() ? null : seconds;
                    Timestamp previous = rs.getTimestamp("vector_updated_at");
                    return new Pending(rs.getString("track_id"), rs.getString("title"), rs.getString("artist"),
                            Arrays.asList((String[]) rs.getArray("tags").getArray()),
                            audio == null ? null : floats(audio), s, previous == null ? null : previous.toInstant());
                }).list();
    }

    /** A track to (re-)encode: its metadata, audio embedding (or null) and the updated_at of its current vector. */
    record Pending(String trackId, String title, String artist, List<String> tags, float[] audio, Double audioSeconds,
                   Instant vectorUpdatedAt) {
    }

    Optional<TrackVector> vector(String trackId) {
        return jdbc.sql("SELECT * FROM track_vectors WHERE track_id = :id").param("id", trackId)
                .query(VectorRepository::mapVector).optional();
    }

    List<TrackVector> vectorsChangedSince(Instant from) {
        return jdbc.sql("SELECT * FROM track_vectors WHERE updated_at > :from").param("from", Timestamp.from(from))
                .query(VectorRepository::mapVector).list();
    }

    void insertJob(UUID jobId, String trackId, byte[] audio, double seconds) {
        jdbc.sql("""
                        INSERT INTO audio_jobs (job_id, track_id, status, audio, audio_seconds)
                        VALUES (:id, :track, 'QUEUED', :audio, :seconds)""")
                .param("id", jobId).param("track", trackId).param("audio", audio).param("seconds", seconds).update();
    }

    Optional<AudioJob> job(String trackId, UUID jobId) {
        return jdbc.sql("""
                        SELECT job_id, track_id, status, audio_seconds, error, created_at, finished_at
                        FROM audio_jobs WHERE job_id = :id AND track_id = :track""")
                .param("id", jobId).param("track", trackId).query(VectorRepository::mapJob).optional();
    }

    /** Claims the oldest queued job (safe with several replicas), with its audio. */
    Optional<Claimed> claimNext() {
        return jdbc.sql("""
                        UPDATE audio_jobs SET status = 'RUNNING', started_at = now()
                        WHERE job_id = (SELECT job_id FROM audio_jobs WHERE status = 'QUEUED'
                                        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING job_id, track_id, audio""")
                .query((rs, n) -> new Claimed(rs.getObject("job_id", UUID.class), rs.getString("track_id"),
                        rs.getBytes("audio")))
                .optional();
    }

    void finish(UUID jobId, String error) {
        jdbc.sql("""
                        UPDATE audio_jobs SET status = :status, error = :error, audio = NULL, finished_at = now()
                        WHERE job_id = :id""")
                .param("status", error == null ? "DONE" : "FAILED").param("error", error).param("id", jobId).update();
    }

    /** Jobs left RUNNING by a replica that stopped are queued again. */
    int requeueStale(java.time.Duration olderThan) {
        return jdbc.sql("""
                        UPDATE audio_jobs SET status = 'QUEUED', started_at = NULL
                        WHERE status = 'RUNNING' AND started_at < now() - make_interval(secs => :secs)""")
                .param("secs", (double) olderThan.toSeconds()).update();
    }

    record Claimed(UUID jobId, String trackId, byte[] audio) {
    }

    private static Float[] boxed(float[] v) {
        Float[] boxed = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            boxed[i] = v[i];
        }
        return boxed;
    }

    private static float[] floats(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        float[] vector = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = ((Number) values[i]).floatValue();
        }
        return vector;
    }

    private static TrackVector mapVector(ResultSet rs, int n) throws SQLException {
        float[] vector = floats(rs.getArray("vector"));
        Array sources = rs.getArray("sources");
        double seconds = rs.getDouble("audio_seconds");
        return new TrackVector(rs.getString("track_id"), vector, rs.getString("model_version"),
                Arrays.asList((String[]) sources.getArray()), rs.wasNull() ? null : seconds,
                rs.getTimestamp("updated_at").toInstant());
    }

    private static AudioJob mapJob(ResultSet rs, int n) throws SQLException {
        double seconds = rs.getDouble("audio_seconds");
        Double s = rs.wasNull() ? null : seconds;
        Timestamp finished = rs.getTimestamp("finished_at");
        return new AudioJob(rs.getObject("job_id", UUID.class), rs.getString("track_id"), rs.getString("status"), s,
                rs.getString("error"), rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant());
    }
}
