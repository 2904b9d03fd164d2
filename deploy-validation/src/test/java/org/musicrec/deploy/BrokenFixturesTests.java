package org.musicrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deliberately broken deployments under src/test/resources/fixtures: the rules must catch each defect. */
class BrokenFixturesTests {

    private static final Path FIXTURES = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/fixtures");

    @Test
    void readinessProbeOnAPortTheContainerDoesNotOpenFailsValidation() {
        List<String> violations = Repo.kubernetesViolations(Kustomize.build(FIXTURES.resolve("wrong-probe-port")));

        assertThat(violations).containsExactly(
                "Deployment/gateway container gateway: readinessProbe port 9090 is not a containerPort");
    }

    @Test
    void everyBrokenRuleIsReported() {
        List<String> violations = Repo.kubernetesViolations(Kustomize.build(FIXTURES.resolve("many-defects")));

        assertThat(violations).contains(
                "Deployment/gateway container gateway: image musicrec/gateway:latest is not pinned to a tag or digest (no :latest)",
                "Deployment/gateway container gateway: no memory limit",
                "Deployment/gateway container gateway: does not run as non-root (runAsNonRoot: true, runAsUser not 0)",
                "Deployment/gateway container gateway: no livenessProbe",
                "Deployment/gateway container gateway: env GATEWAY_TIMEOUT is not read by gateway's application.yml",
                "Deployment/gateway container gateway: env EMBEDDING_SERVICE_URI=http://embedding:8081 names no Service port",
                "Deployment/gateway container gateway: gateway listens on 8080 (SERVER_PORT) but declares containerPorts [8081]",
                "Deployment/gateway container gateway env POSTGRES_PASSWORD: Secret db-credentials is neither rendered nor listed in k8s/external-secrets.txt",
                "Service/recommender-service: selects the pods of no Deployment",
                "Service/gateway: targetPort web is not a containerPort of Deployment/gateway",
                "HorizontalPodAutoscaler/recommender-service: target Deployment/recommender-service does not exist",
                "Deployment/gateway: pods are not isolated for both Ingress and Egress by a NetworkPolicy",
                "Deployment/gateway container gateway: ConfigMap gateway-settings does not exist",
                "external secret musicrec-db-app is listed but nothing references it");
    }

    @Test
    void composeFileWithUnknownVariablesWrongPortsAndUnorderedStartFailsValidation() {
        Map<String, Object> compose = Yaml.readOne(FIXTURES.resolve("docker-compose-broken.yml"));

        assertThat(ComposeRules.check(compose, Repo.apps())).containsExactlyInAnyOrder(
                "no compose service embedding-service",
                "compose service gateway: env EMBEDDING_URI is not read by gateway's application.yml",
                "compose service gateway: env RECOMMENDER_SERVICE_URI=http://recommender-service:8080 is no service's listening port",
                "compose service gateway: env EMBEDDING_URI=http://embedding-service:8081 is no service's listening port",
                "compose service gateway: depends_on without conditions",
                "compose service recommender-service: no healthcheck",
                "compose service recommender-service: publishes ports; only gateway is reachable from the host",
                "compose service recommender-service: listens on 8082 but exposes [] and publishes [8080:8080]",
                "compose service kafka: image apache/kafka is not pinned to a tag");
    }
}
