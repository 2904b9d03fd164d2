package org.musicrec.embedding.vector;

import java.util.List;
import java.util.Map;
import org.musicrec.registry.ModelVersion;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Track encoder versions for operators: list, see what serves, activate (also how to roll back), and unload, after
 * which uploads get audio-only vectors again.
 */
@RestController
@RequestMapping("/api/v1/admin/embedding/track-models")
class TrackModelAdminController {

    private final ActiveTrackEncoder active;

    TrackModelAdminController(ActiveTrackEncoder active) {
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

    @DeleteMapping("/active")
    Map<String, Object> unload() {
        active.swap().unload();
        return Map.of("serving", "none");
    }
}
