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

    /** k8s/external-secrets.txt: the first word of every line that isn't blank or a comment. */
    static Set<String> externalSecrets() {
        try {
            return Files.readAllLines(ROOT.resolve("k8s/external-secrets.txt")).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.split("\\s+")[0])
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
}
