package org.musicrec.embedding.vector;

import java.util.List;
import java.util.Map;
import org.musicrec.registry.ModelVersion;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Audio encoder versions for operators: list, see what serves, activate (also how to roll back). */
@RestController
@RequestMapping("/api/v1/admin/embedding/models")
class ModelAdminController {

    private final ActiveAudioEncoder active;

    ModelAdminController(ActiveAudioEncoder active) {
        this.active = active;
    }

    @GetMapping
    List<ModelVersion> list() {
        return active.swap().registry().list();
    }

    @GetMapping("/active")
    Map<String, Object> serving() {
        return Map.of("registryActive", active.swap().registry().active().map(ModelVersion::versionId).orElse("none"),
                "serving", active.swap().versionId().orElse("none"));
    }

    @PostMapping("/{versionId}/activate")
    Map<String, Object> activate(@PathVariable String versionId) {
        active.swap().activate(versionId);
        return Map.of("serving", versionId);
    }
}
