package org.musicrec.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The admin controller refuses callers on its own, whatever the filters let through. */
class ApiKeyAdminControllerTests {

    private final ApiKeys keys = mock(ApiKeys.class);
    private final UserTokens tokens = mock(UserTokens.class);
    private final ApiKeyAdminController controller = new ApiKeyAdminController(keys, tokens);

    private static Caller caller(Role role) {
        return new Caller(new ApiKey(UUID.randomUUID(), "k", "mrk_abcdef", Set.of(role), Instant.EPOCH, null), null);
    }

    @Test
    void everyAdminRouteRefusesAMissingOrNonAdminCaller() {
        for (Caller c : new Caller[] {null, caller(Role.APP), caller(Role.TRUSTED)}) {
            assertThatThrownBy(() -> controller.list(c)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> controller.create(
                    new ApiKeyAdminController.CreateKeyRequest("x", List.of("admin")), c))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> controller.revoke(UUID.randomUUID(), c))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> controller.token(
                    new ApiKeyAdminController.TokenRequest("ops", List.of("admin"), null), c))
                    .isInstanceOf(AccessDeniedException.class);
        }
        verifyNoInteractions(keys, tokens);
    }

    @Test
    void aTokensAdminRoleMayNotMintCredentialsAndTokenRolesAreChecked() {
        Caller appWithAdminToken = new Caller(caller(Role.APP).key(),
                new UserToken("ops", Set.of("admin"), Instant.now().plusSeconds(600)));
        assertThatThrownBy(() -> controller.create(
                new ApiKeyAdminController.CreateKeyRequest("escalate", List.of("trusted")), appWithAdminToken))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("admin key");
        assertThatThrownBy(() -> controller.token(
                new ApiKeyAdminController.TokenRequest("other-user", List.of(), null), appWithAdminToken))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("admin key");
        verifyNoInteractions(keys);

        when(tokens.canIssue()).thenReturn(true);
        java.util.List<String> nullRole = new java.util.ArrayList<>();
        nullRole.add(null);
        for (String ttl : List.of("PT0.0001S", "PT59S", "P31D", "soon")) {
            assertThatThrownBy(() -> controller.token(new ApiKeyAdminController.TokenRequest("ops", List.of(), ttl),
                    caller(Role.ADMIN)))
                    .isInstanceOf(InvalidAdminRequestException.class)
                    .satisfies(e -> assertThat(((InvalidAdminRequestException) e).errors())
                            .extracting(m -> m.get("field")).as(ttl).containsExactly("ttl"));
        }
        for (List<String> roles : List.of(List.of("god"), nullRole, List.of("admin", "trusted"))) {
            assertThatThrownBy(() -> controller.token(new ApiKeyAdminController.TokenRequest("ops", roles, null),
                    caller(Role.ADMIN)))
                    .isInstanceOf(InvalidAdminRequestException.class)
                    .satisfies(e -> assertThat(((InvalidAdminRequestException) e).errors())
                            .extracting(m -> m.get("field")).containsExactly("roles[" + (roles.size() - 1) + "]"));
        }
    }

    @Test
    void keyRolesAreTheExactWireNamesLikeTokenRoles() {
        for (String role : List.of("APP", "Admin", " trusted", "app ", "\u0430pp")) {
            assertThatThrownBy(() -> controller.create(
                    new ApiKeyAdminController.CreateKeyRequest("k", List.of("trusted", role)), caller(Role.ADMIN)))
                    .as(role).isInstanceOf(InvalidAdminRequestException.class)
                    .satisfies(e -> assertThat(((InvalidAdminRequestException) e).errors())
                            .extracting(m -> m.get("field")).containsExactly("roles[1]"));
        }
        verifyNoInteractions(keys);
        assertThat(Role.fromWire("trusted")).isEqualTo(Role.TRUSTED);
        assertThatThrownBy(() -> Role.fromWire("x".repeat(500))).message().hasSizeLessThan(100);
    }

    @Test
    void aKeyNameCountsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00";
        org.mockito.Mockito.when(keys.create(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.any()))
                .thenThrow(new IllegalStateException("created"));
        // 100 emoji (200 UTF-16 units) pass the checks and reach the key store
        assertThatThrownBy(() -> controller.create(new ApiKeyAdminController.CreateKeyRequest(emoji.repeat(100),
                List.of("app")), caller(Role.ADMIN))).hasMessage("created");
        assertThatThrownBy(() -> controller.create(new ApiKeyAdminController.CreateKeyRequest(emoji.repeat(101),
                List.of("app")), caller(Role.ADMIN)))
                .isInstanceOf(InvalidAdminRequestException.class)
                .satisfies(e -> assertThat(((InvalidAdminRequestException) e).errors())
                        .extracting(m -> m.get("message")).containsExactly("must be at most 100 characters"));
    }
}
