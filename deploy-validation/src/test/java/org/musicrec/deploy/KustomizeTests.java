package org.musicrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KustomizeTests {

    @Test
    void configMapSuffixIsTheOneKustomizeFiveGives() {
        // kubectl kustomize (kustomize v5.5.0) names this generated ConfigMap my-java-server-env-vars-c68g99m4hf
        Map<String, Object> configMap = Map.of("kind", "ConfigMap", "metadata", Map.of("name", "my-java-server-env-vars"),
                "data", Map.of("JAVA_HOME", "/opt/java/jdk", "JAVA_TOOL_OPTIONS", "-agentlib:hprof"));

        assertThat(Kustomize.configMapHash(configMap)).isEqualTo("c68g99m4hf");
    }

    @Test
    @SuppressWarnings("unchecked")
    void strategicMergeMergesContainersByNameAndReplacesUnkeyedLists() {
        Map<String, Object> base = Yaml.readAll("""
                spec:
                  tolerations: [{key: a}]
                  containers:
                    - name: app
                      image: app:1
                      env: [{name: A, value: "1"}, {name: B, value: "2"}]
                    - name: sidecar
                      image: sidecar:1
                """).get(0);
        Map<String, Object> patch = Yaml.readAll("""
                spec:
                  tolerations: [{key: b}]
                  containers:
                    - name: app
                      env: [{name: B, value: "3"}]
                """).get(0);

        Map<String, Object> merged = (Map<String, Object>) Kustomize.merge(base, patch, null, true);

        Map<String, Object> spec = (Map<String, Object>) merged.get("spec");
        assertThat(spec.get("tolerations")).isEqualTo(List.of(Map.of("key", "b")));
        List<Map<String, Object>> containers = (List<Map<String, Object>>) spec.get("containers");
        assertThat(containers).extracting(c -> c.get("name")).containsExactly("app", "sidecar");
        assertThat(containers.get(0)).containsEntry("image", "app:1")
                .containsEntry("env", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "3")));
    }

    @Test
    void imagesKeepRegistryPortsApartFromTags() {
        assertThat(Kustomize.retag("registry:5000/musicrec/gateway:1", Map.of("name", "registry:5000/musicrec/gateway", "newTag", "2")))
                .isEqualTo("registry:5000/musicrec/gateway:2");
        assertThat(ImageRef.parse("registry:5000/musicrec/gateway").pinned()).isFalse();
        assertThat(ImageRef.parse("musicrec/gateway:latest").pinned()).isFalse();
        assertThat(ImageRef.parse("musicrec/gateway@sha256:abc").pinned()).isTrue();
    }

    @Test
    void kustomizationFieldsOutsideTheSubsetAreRefused() throws Exception {
        var dir = java.nio.file.Files.createTempDirectory("kustomize");
        java.nio.file.Files.writeString(dir.resolve("kustomization.yaml"), "namePrefix: x-\n");

        assertThatThrownBy(() -> Kustomize.build(dir)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("namePrefix");
    }
}
