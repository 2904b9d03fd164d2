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

    record Row(String trackId, String modelVersion, float[] vector, Instant updatedAt) {
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
                        INSERT INTO track_vectors (track_id, model_version, vector, updated_at)
                        VALUES (:id, :version, :vector, :updatedAt)
                        ON CONFLICT (track_id) DO UPDATE
                        SET model_version = excluded.model_version, vector = excluded.vector,
                            updated_at = excluded.updated_at
                        WHERE track_vectors.updated_at <= excluded.updated_at""")
                .param("id", e.trackId())
                .param("version", e.modelVersion())
                .param("vector", boxed)
                .param("updatedAt", Timestamp.from(e.updatedAt()))
                .update();
    }

    List<Row> changedSince(Instant from) {
        return jdbc.sql("SELECT track_id, model_version, vector, updated_at FROM track_vectors WHERE updated_at > :from")
                .param("from", Timestamp.from(from))
                .query((rs, n) -> new Row(rs.getString("track_id"), rs.getString("model_version"),
                        floats(rs.getArray("vector")), rs.getTimestamp("updated_at").toInstant()))
                .list();
    }

    private static float[] floats(Array array) throws java.sql.SQLException {
        Object[] values = (Object[]) array.getArray();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).floatValue();
        }
        return out;
    }
}
