package org.musicrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RenderedOverlaysTests {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "gpu"})
    void overlayKeepsEveryDeploymentRule(String overlay) {
        List<Map<String, Object>> rendered = Kustomize.build(Repo.overlay(overlay));

        assertThat(Repo.kubernetesViolations(rendered, overlay)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "gpu"})
    void overlayDeploysEveryServiceIntoItsNamespace(String overlay) {
        List<HasMetadata> objects = Manifests.typed(Kustomize.build(Repo.overlay(overlay)));

        assertThat(objects.stream().filter(Deployment.class::isInstance).map(o -> o.getMetadata().getName()))
                .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        String namespace = overlay.equals("dev") ? "musicrec-dev" : "musicrec";
        assertThat(objects).filteredOn(o -> !o.getKind().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(namespace));
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod", "gpu"})
    void productionGatewayVerifiesRs256TokensAndHasNoDevelopmentKey(String overlay) {
        List<HasMetadata> objects = Manifests.typed(Kustomize.build(Repo.overlay(overlay)));
        var container = deployment(objects, "gateway").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("JWT_HS256_SECRET"));
        String configMap = container.getEnvFrom().get(0).getConfigMapRef().getName();
        Map<String, String> config = objects.stream()
                .filter(o -> o instanceof io.fabric8.kubernetes.api.model.ConfigMap && o.getMetadata().getName().equals(configMap))
                .map(o -> ((io.fabric8.kubernetes.api.model.ConfigMap) o).getData()).findFirst().orElseThrow();
        assertThat(config).containsEntry("JWT_ALGORITHM", "RS256").containsKeys("JWT_JWKS_URI", "JWT_ISSUER");
        var dev = deployment(Manifests.typed(Kustomize.build(Repo.overlay("dev"))), "gateway");
        assertThat(dev.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anyMatch(e -> e.getName().equals("JWT_HS256_SECRET"));
    }

    @Test
    void gpuOverlayPutsOnlyEmbeddingServiceOnGpuNodesWithTheGpuImage() {
        List<HasMetadata> objects = Manifests.typed(Kustomize.build(Repo.overlay("gpu")));

        Deployment embedding = deployment(objects, "embedding-service");
        var pod = embedding.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getContainers().get(0).getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
        assertThat(pod.getContainers().get(0).getImage()).isEqualTo("musicrec/embedding-service:0.1.0-gpu");
        // the patch merged into the base container: probes and the /tmp mount survive
        assertThat(pod.getContainers().get(0).getReadinessProbe()).isNotNull();
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("6Gi"));
        assertThat(deployment(objects, "recommender-service").getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(deployment(objects, "gateway").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("musicrec/gateway:0.1.0");
    }

    @Test
    void devOverlayMergesPartitionsIntoTheGeneratedConfigMapsAndRenamesTheirReferences() {
        List<Map<String, Object>> rendered = Kustomize.build(Repo.overlay("dev"));
        List<HasMetadata> objects = Manifests.typed(rendered);

        Deployment gateway = deployment(objects, "gateway");
        String configMap = gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().get(0)
                .getConfigMapRef().getName();
        assertThat(configMap).matches("gateway-config-[a-z0-9]{10}");
        var data = objects.stream().filter(o -> o.getMetadata().getName().equals(configMap))
                .map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast).findFirst().orElseThrow().getData();
        assertThat(data).containsEntry("TOPIC_PARTITIONS", "6").containsEntry("SERVER_PORT", "8080");
    }

    private static Deployment deployment(List<HasMetadata> objects, String name) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
