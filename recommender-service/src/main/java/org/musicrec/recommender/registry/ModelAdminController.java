package org.musicrec.recommender.registry;

import java.util.List;
import java.util.Map;
import org.musicrec.registry.ModelVersion;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ranker versions for operators: list, see what serves, activate (which is also how to roll back). */
@RestController
@RequestMapping("/api/v1/admin/models")
class ModelAdminController {

    private final ActiveModel active;

    ModelAdminController(ActiveModel active) {
        this.active = active;
    }

    @GetMapping
    List<ModelVersion> list() {
        return active.swap().registry().list();
    }

    @GetMapping("/active")
    Map<String, Object> serving() {
        return Map.of("registryActive", active.swap().registry().active().map(ModelVersion::versionId).orElse("none"),
                "serving", active.swap().versionId().orElse("popularity (fallback)"));
    }

    /** The kill switch: no model serves (popularity, marked as fallback) until a version is activated again. */
    @DeleteMapping("/active")
    Map<String, Object> deactivate() {
        active.swap().unload();
        return Map.of("serving", "popularity (fallback)");
    }

    /**
     * Loads the version here first and activates it only if it serves; other replicas follow within the poll
     * interval. Rolling back is activating an earlier version.
     */
    @PostMapping("/{versionId}/activate")
    Map<String, Object> activate(@PathVariable String versionId) {
        active.swap().activate(versionId);
        return Map.of("serving", versionId);
    }
}
