package org.musicrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where kubectl exists, its kustomize renders every overlay too: the result must be the objects the
 * subset renderer produced, field for field, and must keep the same rules.
 */
@EnabledIf("kubectlOnPath")
class KubectlAgreementTests {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "gpu"})
    void kubectlRendersTheSameObjects(String overlay) throws Exception {
        List<Map<String, Object>> theirs = Yaml.readAll(kubectlKustomize(Repo.overlay(overlay)));
        List<Map<String, Object>> ours = Kustomize.build(Repo.overlay(overlay));

        assertThat(byId(ours)).isEqualTo(byId(theirs));
        assertThat(Repo.kubernetesViolations(theirs, overlay)).isEmpty();
    }

    static boolean kubectlOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return true;
            }
        }
        return false;
    }

    private static String kubectlKustomize(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        for (Map<String, Object> object : objects) {
            Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
            byId.put(object.get("kind") + "/" + metadata.get("namespace") + "/" + metadata.get("name"), object);
        }
        return byId;
    }
}
