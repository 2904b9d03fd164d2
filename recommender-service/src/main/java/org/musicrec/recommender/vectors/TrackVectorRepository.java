package org.musicrec.recommender.vectors;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.musicrec.events.TrackEmbedded;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The track_vectors table: the newest vector of each track wins, so replays of the topic are harmless. */
@Repository
class TrackVectorRepository {

    /** @param vector null when the stored array holds a NULL element (not servable) */
    record Row(String trackId, String modelVersion, float[] vector, Instant updatedAt, Instant storedAt) {
    }

    private final JdbcClient jdbc;

    TrackVectorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void upsert(TrackEmbedded e) {
        Float[] boxed = new Float[e.vector().length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = e.vector()[i];
        }
        jdbc.sql("""
                        INSERT INTO track_vectors (track_id, model_version, vector, updated_at, stored_at)
                        VALUES (:id, :version, :vector, :updatedAt, clock_timestamp())
                        ON CONFLICT (track_id) DO UPDATE
                        SET model_version = excluded.model_version, vector = excluded.vector,
                            updated_at = excluded.updated_at, stored_at = clock_timestamp()
                        WHERE track_vectors.updated_at <= excluded.updated_at""")
                .param("id", e.trackId())
                .param("version", e.modelVersion())
                .param("vector", boxed)
                .param("updatedAt", Timestamp.from(e.updatedAt()))
                .update();
    }

    /** Rows the database stored after {@code from} (its own clock, not the producers'). */
    List<Row> storedSince(Instant from) {
        return jdbc.sql("""
                        SELECT track_id, model_version, vector, updated_at, stored_at FROM track_vectors
                        WHERE stored_at > :from""")
                .param("from", Timestamp.from(from))
                .query((rs, n) -> new Row(rs.getString("track_id"), rs.getString("model_version"),
                        floats(rs.getArray("vector")), rs.getTimestamp("updated_at").toInstant(),
                        rs.getTimestamp("stored_at").toInstant()))
                .list();
    }

    private static float[] floats(Array array) throws java.sql.SQLException {
        Object[] values = (Object[]) array.getArray();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                return null;
            }
            out[i] = ((Number) values[i]).floatValue();
        }
        return out;
    }
}
