package org.musicrec.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.util.List;
import java.util.Map;

/** Rendered objects parsed with fabric8's typed model; a field the model doesn't know is an error. */
final class Manifests {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Manifests() {
    }

    static List<HasMetadata> typed(List<Map<String, Object>> objects) {
        return objects.stream().map(Manifests::typed).toList();
    }

    static HasMetadata typed(Map<String, Object> object) {
        KubernetesResource resource;
        try {
            resource = STRICT.convertValue(object, KubernetesResource.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("does not parse as " + object.get("apiVersion") + " "
                    + object.get("kind") + ": " + e.getMessage(), e);
        }
        return (HasMetadata) resource;
    }
}
