package org.musicrec.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The subset of kustomize that k8s/ uses, so the overlays render with no binary installed: resources
 * (files and directories), namespace, configMapGenerator (create/merge/replace; literals and env files;
 * kustomize's name hash), patches by strategic merge of name-matched objects, and images.
 * Anything else in a kustomization fails loudly rather than rendering something kustomize would not;
 * {@code KubectlAgreementTests} holds this renderer to the real one wherever kubectl exists.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED_FIELDS = Set.of(
            "apiVersion", "kind", "resources", "namespace", "configMapGenerator", "patches", "images");

    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass",
            "CustomResourceDefinition", "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration");

    /** Merge keys of the built-in API's lists (patchMergeKey); lists without one are replaced whole. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "ephemeralContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "imagePullSecrets", "name",
            "topologySpreadConstraints", "topologyKey");

    private Kustomize() {
    }

    /** Renders the kustomization in {@code dir}, with generated ConfigMaps named the way kustomize names them. */
    static List<Map<String, Object>> build(Path dir) {
        Level level = buildLevel(dir);
        for (Map<String, Object> generated : level.generated.values()) {
            String original = name(generated);
            String hashed = original + "-" + configMapHash(generated);
            metadata(generated).put("name", hashed);
            for (Map<String, Object> object : level.objects) {
                renameConfigMapReferences(object, original, hashed);
            }
        }
        return level.objects;
    }

    private record Level(List<Map<String, Object>> objects, Map<String, Map<String, Object>> generated) {
    }

    @SuppressWarnings("unchecked")
    private static Level buildLevel(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        Map<String, Object> kustomization = Yaml.readOne(file);
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new UnsupportedOperationException(
                        "kustomize subset does not implement '" + field + "' (" + file + ")");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        Map<String, Map<String, Object>> generated = new LinkedHashMap<>();
        for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            Path path = dir.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                Level sub = buildLevel(path);
                objects.addAll(sub.objects);
                generated.putAll(sub.generated);
            } else {
                objects.addAll(Yaml.readAll(path));
            }
        }
        for (Map<String, Object> generator :
                (List<Map<String, Object>>) kustomization.getOrDefault("configMapGenerator", List.of())) {
            generate(dir, generator, objects, generated);
        }
        for (Map<String, Object> patch : (List<Map<String, Object>>) kustomization.getOrDefault("patches", List.of())) {
            if (patch.keySet().stream().anyMatch(key -> !key.equals("path"))) {
                throw new UnsupportedOperationException("kustomize subset: only 'patches: - path:' is implemented ("
                        + file + ")");
            }
            for (Map<String, Object> document : Yaml.readAll(dir.resolve((String) patch.get("path")))) {
                applyPatch(objects, document, file);
            }
        }
        String namespace = (String) kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> object : objects) {
                if (!CLUSTER_SCOPED.contains(object.get("kind"))) {
                    metadata(object).put("namespace", namespace);
                }
            }
        }
        for (Map<String, Object> image : (List<Map<String, Object>>) kustomization.getOrDefault("images", List.of())) {
            for (Map<String, Object> object : objects) {
                setImages(object, null, image);
            }
        }
        return new Level(objects, generated);
    }

    @SuppressWarnings("unchecked")
    private static void generate(Path dir, Map<String, Object> generator, List<Map<String, Object>> objects,
                                 Map<String, Map<String, Object>> generated) {
        for (String key : generator.keySet()) {
            if (!Set.of("name", "behavior", "literals", "envs").contains(key)) {
                throw new UnsupportedOperationException("kustomize subset: configMapGenerator." + key);
            }
        }
        String name = (String) generator.get("name");
        Map<String, Object> data = new LinkedHashMap<>();
        for (String env : (List<String>) generator.getOrDefault("envs", List.of())) {
            try {
                for (String line : Files.readAllLines(dir.resolve(env), StandardCharsets.UTF_8)) {
                    addPair(data, line.strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String literal : (List<String>) generator.getOrDefault("literals", List.of())) {
            addPair(data, literal);
        }
        String behavior = (String) generator.getOrDefault("behavior", "create");
        Map<String, Object> existing = generated.get(name);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalStateException("configMapGenerator " + name + " already exists: use behavior merge");
                }
                Map<String, Object> configMap = new LinkedHashMap<>();
                configMap.put("apiVersion", "v1");
                configMap.put("kind", "ConfigMap");
                configMap.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
                configMap.put("data", data);
                objects.add(configMap);
                generated.put(name, configMap);
            }
            case "merge", "replace" -> {
                if (existing == null) {
                    throw new IllegalStateException("configMapGenerator " + name + ": nothing to " + behavior);
                }
                Map<String, Object> merged = behavior.equals("merge")
                        ? new LinkedHashMap<>((Map<String, Object>) existing.get("data")) : new LinkedHashMap<>();
                merged.putAll(data);
                existing.put("data", merged);
            }
            default -> throw new UnsupportedOperationException("configMapGenerator behavior " + behavior);
        }
    }

    private static void addPair(Map<String, Object> data, String line) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        int equals = line.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("not KEY=VALUE: " + line);
        }
        data.put(line.substring(0, equals), line.substring(equals + 1));
    }

    @SuppressWarnings("unchecked")
    private static void applyPatch(List<Map<String, Object>> objects, Map<String, Object> patch, Path from) {
        List<Map<String, Object>> targets = objects.stream()
                .filter(object -> object.get("kind").equals(patch.get("kind")))
                .filter(object -> group(object).equals(group(patch)))
                .filter(object -> name(object).equals(name(patch)))
                .toList();
        if (targets.size() != 1) {
            throw new IllegalStateException(targets.size() + " objects match patch " + patch.get("kind") + "/"
                    + name(patch) + " in " + from);
        }
        Map<String, Object> target = targets.get(0);
        boolean builtin = isBuiltinGroup(group(target));
        Map<String, Object> merged = (Map<String, Object>) merge(target, patch, null, builtin);
        target.clear();
        target.putAll(merged);
    }

    /**
     * Strategic merge: maps merge key by key, null deletes, keyed lists of the built-in API merge by key, and a keyed
     * list element with {@code $patch: delete} removes its match.
     */
    @SuppressWarnings("unchecked")
    static Object merge(Object base, Object patch, String field, boolean builtin) {
        if (patch instanceof Map<?, ?> patchMap && base instanceof Map<?, ?> baseMap) {
            Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) baseMap);
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) patchMap).entrySet()) {
                if (entry.getKey().startsWith("$")) {
                    throw new UnsupportedOperationException("kustomize subset: patch directive " + entry.getKey());
                }
                if (entry.getValue() == null) {
                    result.remove(entry.getKey());
                } else {
                    result.put(entry.getKey(), merge(result.get(entry.getKey()), entry.getValue(), entry.getKey(), builtin));
                }
            }
            return result;
        }
        String key = builtin && patch instanceof List<?> && base instanceof List<?> ? mergeKey(field, (List<?>) patch) : null;
        if (key == null) {
            return Yaml.deepCopy(patch);
        }
        List<Object> result = new ArrayList<>((List<Object>) base);
        List<Object> added = new ArrayList<>();
        for (Object element : (List<Object>) patch) {
            Object id = ((Map<String, Object>) element).get(key);
            int index = -1;
            for (int i = 0; i < result.size(); i++) {
                if (id != null && id.equals(((Map<String, Object>) result.get(i)).get(key))) {
                    index = i;
                }
            }
            if ("delete".equals(((Map<String, Object>) element).get("$patch"))) {
                // strategic merge's list-element deletion: {name: X, $patch: delete} removes X
                if (index >= 0) {
                    result.remove(index);
                }
            } else if (index >= 0) {
                result.set(index, merge(result.get(index), element, null, true));
            } else {
                added.add(Yaml.deepCopy(element));
            }
        }
        result.addAll(added);
        return result;
    }

    private static String mergeKey(String field, List<?> patch) {
        if ("ports".equals(field)) {
            boolean containerPorts = patch.stream().allMatch(p -> p instanceof Map<?, ?> m && m.containsKey("containerPort"));
            return containerPorts ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    @SuppressWarnings("unchecked")
    private static void setImages(Object node, String field, Map<String, Object> image) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                setImages(entry.getValue(), entry.getKey(), image);
            }
        } else if (node instanceof List<?> list) {
            boolean containers = "containers".equals(field) || "initContainers".equals(field);
            for (Object element : list) {
                if (containers && element instanceof Map<?, ?> container && container.get("image") instanceof String ref) {
                    ((Map<String, Object>) container).put("image", retag(ref, image));
                }
                setImages(element, null, image);
            }
        }
    }

    static String retag(String reference, Map<String, Object> image) {
        ImageRef ref = ImageRef.parse(reference);
        if (!ref.name().equals(image.get("name"))) {
            return reference;
        }
        String name = (String) image.getOrDefault("newName", ref.name());
        if (image.get("digest") != null) {
            return name + "@" + image.get("digest");
        }
        if (image.get("newTag") != null) {
            return name + ":" + image.get("newTag");
        }
        return name + (ref.tag() != null ? ":" + ref.tag() : "") + (ref.digest() != null ? "@" + ref.digest() : "");
    }

    /**
     * kustomize's ConfigMap name suffix: sha256 of the Go-JSON encoding of kind, name and data, 10 hex chars
     * with some swapped for letters. kustomize 5 looks the name up with a path its lookup reads as one field
     * name, so the name it hashes is always empty; the suffix depends on the data alone.
     */
    @SuppressWarnings("unchecked")
    static String configMapHash(Map<String, Object> configMap) {
        Map<String, Object> encoded = new TreeMap<>();
        encoded.put("kind", "ConfigMap");
        encoded.put("name", "");
        encoded.put("data", new TreeMap<>((Map<String, Object>) configMap.getOrDefault("data", Map.of())));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(goJson(encoded).getBytes(StandardCharsets.UTF_8));
            char[] hex = HexFormat.of().formatHex(digest).substring(0, 10).toCharArray();
            for (int i = 0; i < hex.length; i++) {
                hex[i] = switch (hex[i]) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> hex[i];
                };
            }
            return new String(hex);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** encoding/json's output for sorted maps of strings: no spaces, HTML-safe escapes. */
    @SuppressWarnings("unchecked")
    private static String goJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<String, Object> entry : new TreeMap<>((Map<String, Object>) map).entrySet()) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(goJson(entry.getKey())).append(':').append(goJson(entry.getValue()));
            }
            return out.append('}').toString();
        }
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private static void renameConfigMapReferences(Object node, String from, String to) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> m = (Map<String, Object>) map;
            for (String holder : List.of("configMapRef", "configMapKeyRef", "configMap")) {
                if (m.get(holder) instanceof Map<?, ?> ref && from.equals(ref.get("name"))) {
                    ((Map<String, Object>) ref).put("name", to);
                }
            }
            m.values().forEach(value -> renameConfigMapReferences(value, from, to));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> renameConfigMapReferences(value, from, to));
        }
    }

    private static boolean isBuiltinGroup(String group) {
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    private static String group(Map<String, Object> object) {
        String apiVersion = (String) object.get("apiVersion");
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> object) {
        return (Map<String, Object>) object.computeIfAbsent("metadata", key -> new LinkedHashMap<>());
    }

    private static String name(Map<String, Object> object) {
        return (String) metadata(object).get("name");
    }
}
