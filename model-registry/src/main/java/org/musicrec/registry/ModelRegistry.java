package org.musicrec.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Model versions of one kind in the service's {@code model_versions} table: the training job registers them,
 * every replica reads them. Works inside Spring (a JdbcClient bean) and in command-line jobs
 * ({@code JdbcClient.create(dataSource)}).
 */
public class ModelRegistry {

    private static final String SELECT = """
            SELECT v.version_id, v.kind, v.created_at, v.data_fingerprint, v.metrics::text AS metrics, v.status,
                   v.message, a.version_id IS NOT NULL AS active, a.activated_at, octet_length(v.archive) AS size
            FROM model_versions v LEFT JOIN active_models a ON a.version_id = v.version_id""";

    private final JdbcClient jdbc;
    private final String kind;

    public ModelRegistry(JdbcClient jdbc, String kind) {
        this.jdbc = jdbc;
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    public List<ModelVersion> list() {
        return jdbc.sql(SELECT + " WHERE v.kind = :kind ORDER BY v.created_at DESC")
                .param("kind", kind).query(ModelRegistry::map).list();
    }

    /** The version, when it is one of this registry's kind (an audio model is not found among track encoders). */
    public Optional<ModelVersion> find(String versionId) {
        return jdbc.sql(SELECT + " WHERE v.version_id = :id AND v.kind = :kind")
                .param("id", versionId).param("kind", kind).query(ModelRegistry::map).optional();
    }

    public Optional<ModelVersion> active() {
        return jdbc.sql(SELECT + " WHERE v.kind = :kind AND a.version_id IS NOT NULL")
                .param("kind", kind).query(ModelRegistry::map).optional();
    }

    public byte[] archive(String versionId) {
        return jdbc.sql("SELECT archive FROM model_versions WHERE version_id = :id AND kind = :kind")
                .param("id", versionId).param("kind", kind).query(byte[].class).optional().orElseThrow(() -> new ModelNotFoundException(versionId));
    }

    /** Stores a new version (inactive); returns its metadata. */
    public ModelVersion register(String versionId, String dataFingerprint, String metricsJson, byte[] archive) {
        jdbc.sql("""
                        INSERT INTO model_versions (version_id, kind, data_fingerprint, metrics, archive, archive_sha256)
                        VALUES (:id, :kind, :fingerprint, CAST(:metrics AS jsonb), :archive, :sha)""")
                .param("id", versionId).param("kind", kind).param("fingerprint", dataFingerprint)
                .param("metrics", metricsJson).param("archive", archive).param("sha", ModelArchive.sha256(archive))
                .update();
        return find(versionId).orElseThrow();
    }

    /** Makes this version the one every replica serves (one atomic upsert); older versions stay registered. */
    public void activate(String versionId) {
        ModelVersion version = find(versionId).orElseThrow(() -> new ModelNotFoundException(versionId));
        jdbc.sql("""
                        INSERT INTO active_models (kind, version_id, activated_at) VALUES (:kind, :id, now())
                        ON CONFLICT (kind) DO UPDATE SET version_id = excluded.version_id, activated_at = now()""")
                .param("kind", version.kind()).param("id", versionId).update();
        jdbc.sql("UPDATE model_versions SET status = 'READY', message = NULL WHERE version_id = :id")
                .param("id", versionId).update();
    }

    /** No version of this kind is active any more: replicas stop serving one at their next sync. */
    public void deactivate() {
        jdbc.sql("DELETE FROM active_models WHERE kind = :kind").param("kind", kind).update();
    }

    /**
     * Marks a version that could not be loaded. It stays the registry's choice until an operator activates
     * another, but no replica loads a rejected version, so each keeps serving what it has.
     */
    public void reject(String versionId, String message) {
        jdbc.sql("UPDATE model_versions SET status = 'REJECTED', message = :message WHERE version_id = :id AND kind = :kind")
                .param("id", versionId).param("kind", kind).param("message", message).update();
    }

    static ModelVersion map(ResultSet rs, int row) throws SQLException {
        java.sql.Timestamp activated = rs.getTimestamp("activated_at");
        return new ModelVersion(rs.getString("version_id"), rs.getString("kind"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("data_fingerprint"), rs.getString("metrics"),
                rs.getString("status"), rs.getString("message"), rs.getBoolean("active"),
                activated == null ? null : activated.toInstant(), rs.getLong("size"));
    }
}
