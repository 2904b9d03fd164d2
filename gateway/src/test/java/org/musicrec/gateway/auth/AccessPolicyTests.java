package org.musicrec.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessPolicyTests {

    private static Caller caller(Role role, String user, String... userRoles) {
        ApiKey key = new ApiKey(UUID.randomUUID(), "k", "mrk_abcdef", Set.of(role), Instant.EPOCH, null);
        return new Caller(key, user == null ? null : new UserToken(user, Set.of(userRoles), Instant.MAX));
    }

    private static AccessPolicy.Decision decide(String method, String path, Caller caller) {
        return AccessPolicy.decide(method, path, caller);
    }

    @Test
    void usersReadOnlyTheirOwnRecommendations() {
        String path = "/api/v1/users/user-2/recommendations";
        assertThat(decide("GET", path, caller(Role.APP, "user-2"))).isInstanceOf(AccessPolicy.Decision.Allow.class);
        assertThat(decide("GET", path, caller(Role.APP, "user-3"))).isInstanceOf(AccessPolicy.Decision.Deny.class);
        assertThat(decide("GET", path, caller(Role.APP, null))).isInstanceOf(AccessPolicy.Decision.NeedUser.class);
        assertThat(decide("GET", path, caller(Role.TRUSTED, null))).isInstanceOf(AccessPolicy.Decision.Allow.class);
    }

    @Test
    void adminRoutesNeedAnAdminKeyOrAdminToken() {
        String path = "/api/v1/admin/ingestion";
        assertThat(decide("GET", path, caller(Role.ADMIN, null))).isInstanceOf(AccessPolicy.Decision.Allow.class);
        assertThat(decide("GET", path, caller(Role.APP, "ops", "admin")))
                .isInstanceOf(AccessPolicy.Decision.Allow.class);
        assertThat(decide("GET", path, caller(Role.TRUSTED, null))).isInstanceOf(AccessPolicy.Decision.Deny.class);
        assertThat(decide("GET", "/api/v1/admin", caller(Role.APP, "u"))).isInstanceOf(AccessPolicy.Decision.Deny.class);
    }

    @Test
    void eventsNeedAUserOrATrustedKeyAndCatalogueWritesATrustedKey() {
        assertThat(decide("POST", "/api/v1/events", caller(Role.APP, null)))
                .isInstanceOf(AccessPolicy.Decision.NeedUser.class);
        assertThat(decide("POST", "/api/v1/events", caller(Role.APP, "u")))
                .isInstanceOf(AccessPolicy.Decision.Allow.class);
        assertThat(decide("PUT", "/api/v1/tracks/t", caller(Role.APP, "u")))
                .isInstanceOf(AccessPolicy.Decision.Deny.class);
        assertThat(decide("PUT", "/api/v1/tracks/t/audio", caller(Role.TRUSTED, null)))
                .isInstanceOf(AccessPolicy.Decision.Allow.class);
        assertThat(decide("GET", "/api/v1/tracks/t", caller(Role.APP, null)))
                .isInstanceOf(AccessPolicy.Decision.Allow.class);
    }

    @Test
    void trustedKeysActForAnyoneAndAdminsAreTrusted() {
        assertThat(caller(Role.TRUSTED, null).mayActFor("anyone")).isTrue();
        assertThat(caller(Role.ADMIN, null).mayActFor("anyone")).isTrue();
        assertThat(caller(Role.APP, "me").mayActFor("anyone")).isFalse();
        assertThat(caller(Role.APP, "me", "admin").trusted()).isFalse();
    }
}
