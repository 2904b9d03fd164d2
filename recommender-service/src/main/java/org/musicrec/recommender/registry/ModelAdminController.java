package org.musicrec.recommender.registry;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Model versions for operators: list, see what serves, activate (which is also how to roll back). */
@RestController
@RequestMapping("/api/v1/admin/models")
class ModelAdminController {

    private final ModelRegistry registry;
    private final ActiveModel active;

    ModelAdminController(ModelRegistry registry, ActiveModel active) {
        this.registry = registry;
        this.active = active;
    }

    @GetMapping
    List<ModelVersion> list() {
        return registry.list();
    }

    @GetMapping("/active")
    Map<String, Object> serving() {
        return Map.of("registryActive", registry.active().map(ModelVersion::versionId).orElse("none"),
                "serving", active.versionId().orElse("popularity (fallback)"));
    }

    /**
     * Loads the version here first and activates it only if it serves; other replicas follow within the poll
     * interval. Rolling back is activating an earlier version.
     */
    @PostMapping("/{versionId}/activate")
    Map<String, Object> activate(@PathVariable String versionId) {
        registry.find(versionId).orElseThrow(() -> new ModelNotFoundException(versionId));
        active.swapTo(versionId);
        registry.activate(versionId);
        return Map.of("serving", versionId);
    }
}
