package org.musicrec.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeySecretsTests {

    @Test
    void newKeysAreWellFormedAndDistinct() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = ApiKeySecrets.newKey();
            assertThat(key).startsWith("mrk_").hasSize(47);
            assertThat(ApiKeySecrets.wellFormed(key)).isTrue();
            keys.add(key);
        }
        assertThat(keys).hasSize(100);
    }

    @Test
    void malformedKeysAreRecognisedWithoutALookup() {
        assertThat(ApiKeySecrets.wellFormed(null)).isFalse();
        assertThat(ApiKeySecrets.wellFormed("mrk_short")).isFalse();
        assertThat(ApiKeySecrets.wellFormed("xyz_" + "a".repeat(43))).isFalse();
        assertThat(ApiKeySecrets.wellFormed("mrk_" + "a".repeat(42) + "'")).isFalse();
    }

    @Test
    void hashIsSha256OfTheKeyAndThePrefixRevealsLittle() {
        assertThat(HexFormat.of().formatHex(ApiKeySecrets.hash("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String key = ApiKeySecrets.newKey();
        assertThat(ApiKeySecrets.displayPrefix(key)).hasSize(10).isEqualTo(key.substring(0, 10));
    }
}
