package org.musicrec.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The repository this module validates, seen from the module's directory. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
    static final List<String> SERVICES = List.of("gateway", "embedding-service", "recommender-service");
    static final List<String> OVERLAYS = List.of("dev", "prod", "gpu");

    private Repo() {
    }

    static Map<String, AppConfig> apps() {
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        for (String service : SERVICES) {
            apps.put(service, AppConfig.load(ROOT, service));
        }
        return apps;
    }

    /** k8s/external-secrets.txt: the first word of every line that isn't blank or a comment, for any overlay. */
    static Set<String> externalSecrets() {
        return externalSecrets(null);
    }

    /**
     * The entries of k8s/external-secrets.txt that apply to an overlay: those without an {@code [overlay,...]}
     * second word, and those whose list names it (every entry when {@code overlay} is null).
     */
    static Set<String> externalSecrets(String overlay) {
        try {
            return Files.readAllLines(ROOT.resolve("k8s/external-secrets.txt")).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.split("\\s+"))
                    .filter(words -> overlay == null || words.length < 2 || !words[1].startsWith("[")
                            || java.util.Arrays.asList(words[1].replaceAll("[\\[\\]]", "").split(",")).contains(overlay))
                    .map(words -> words[0])
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path overlay(String name) {
        return ROOT.resolve("k8s/overlays").resolve(name);
    }

    static List<String> kubernetesViolations(List<Map<String, Object>> rendered) {
        return KubernetesRules.check(Manifests.typed(rendered), apps(), externalSecrets());
    }

    /** As {@link #kubernetesViolations(List)}, with the external secrets that apply to this overlay. */
    static List<String> kubernetesViolations(List<Map<String, Object>> rendered, String overlay) {
        return KubernetesRules.check(Manifests.typed(rendered), apps(), externalSecrets(overlay));
    }
}
