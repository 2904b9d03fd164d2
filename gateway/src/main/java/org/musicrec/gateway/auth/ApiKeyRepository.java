package org.musicrec.gateway.auth;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys in the gateway's own schema. */
@Repository
class ApiKeyRepository {

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey key, byte[] hash) {
        jdbc.sql("""
                        INSERT INTO api_keys (id, name, key_hash, key_prefix, roles, created_at)
                        VALUES (:id, :name, :hash, :prefix, CAST(:roles AS text[]), :createdAt)""")
                .param("id", key.id()).param("name", key.name()).param("hash", hash).param("prefix", key.prefix())
                .param("roles", "{" + String.join(",", key.roles().stream().map(Role::wire).sorted().toList()) + "}")
                .param("createdAt", Timestamp.from(key.createdAt())).update();
    }

    Optional<ApiKey> findActiveByHash(byte[] hash) {
        return jdbc.sql("SELECT * FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .param("hash", hash).query(ApiKeyRepository::map).optional();
    }

    List<ApiKey> findAll() {
        return jdbc.sql("SELECT * FROM api_keys ORDER BY created_at, name").query(ApiKeyRepository::map).list();
    }

    List<ApiKey> findActiveByName(String name) {
        return jdbc.sql("SELECT * FROM api_keys WHERE name = :name AND revoked_at IS NULL")
                .param("name", name).query(ApiKeyRepository::map).list();
    }

    /** Returns the key as it is after the call, empty when no key has this id. */
    Optional<ApiKey> revoke(UUID id, Instant at) {
        jdbc.sql("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .param("at", Timestamp.from(at)).param("id", id).update();
        return jdbc.sql("SELECT * FROM api_keys WHERE id = :id").param("id", id).query(ApiKeyRepository::map)
                .optional();
    }

    /** Serialises bootstraps of replicas that start together (released at the end of the transaction). */
    void lockForBootstrap() {
        jdbc.sql("SELECT pg_advisory_xact_lock(727001)").query((rs, n) -> 1).list();
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Array array = rs.getArray("roles");
        for (Object r : (Object[]) array.getArray()) {
            roles.add(Role.fromWire((String) r));
        }
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("key_prefix"), roles,
                rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
