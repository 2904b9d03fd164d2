package org.musicrec.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every rendered overlay must keep, checked on fabric8's typed objects. {@link #check} returns
 * one readable line per broken rule; an empty list means the overlay is deployable as far as this can tell
 * without a cluster.
 */
final class KubernetesRules {

    /** Namespaces outside the app's own that may reach pods other than the gateway. */
    private static final Set<String> SCRAPERS = Set.of("monitoring");
    /** Variables the JVM itself reads; everything else a musicrec container gets must be read by the service. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final String PUBLIC_APP = "gateway";

    private final List<HasMetadata> objects;
    private final Map<String, AppConfig> apps;
    private final Set<String> externalSecrets;
    private final List<String> violations = new ArrayList<>();
    private final Set<String> referencedSecrets = new HashSet<>();

    private KubernetesRules(List<HasMetadata> objects, Map<String, AppConfig> apps, Set<String> externalSecrets) {
        this.objects = objects;
        this.apps = apps;
        this.externalSecrets = externalSecrets;
    }

    static List<String> check(List<HasMetadata> objects, Map<String, AppConfig> apps, Set<String> externalSecrets) {
        KubernetesRules rules = new KubernetesRules(objects, apps, externalSecrets);
        rules.run();
        return rules.violations;
    }

    /** A pod template and what owns it; serving workloads run forever and need probes, jobs don't. */
    record Workload(String id, PodTemplateSpec template, boolean serving) {
    }

    static List<Workload> workloads(List<HasMetadata> objects) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : objects) {
            String id = object.getKind() + "/" + object.getMetadata().getName();
            if (object instanceof Deployment d) {
                workloads.add(new Workload(id, d.getSpec().getTemplate(), true));
            } else if (object instanceof StatefulSet s) {
                workloads.add(new Workload(id, s.getSpec().getTemplate(), true));
            } else if (object instanceof DaemonSet d) {
                workloads.add(new Workload(id, d.getSpec().getTemplate(), true));
            } else if (object instanceof CronJob c) {
                workloads.add(new Workload(id, c.getSpec().getJobTemplate().getSpec().getTemplate(), false));
            } else if (object instanceof Job j) {
                workloads.add(new Workload(id, j.getSpec().getTemplate(), false));
            }
        }
        return workloads;
    }

    private void run() {
        for (Workload workload : workloads(objects)) {
            checkPod(workload);
        }
        checkServices();
        checkHorizontalPodAutoscalers();
        checkDisruptionBudgets();
        checkIngresses();
        checkNetworkPolicies();
        checkKafkaTopics();
        checkCustomResourceImages();
        for (String secret : externalSecrets) {
            if (!referencedSecrets.contains(secret)) {
                violations.add("external secret " + secret + " is listed but nothing references it");
            }
        }
    }

    private void checkPod(Workload workload) {
        PodSpec pod = workload.template().getSpec();
        PodSecurityContext podSecurity = pod.getSecurityContext();
        String sa = pod.getServiceAccountName();
        if (sa != null && find(ServiceAccount.class, sa).isEmpty()) {
            violations.add(workload.id() + ": ServiceAccount " + sa + " does not exist");
        }
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (Volume volume : pod.getVolumes()) {
            volumes.put(volume.getName(), volume);
            if (volume.getConfigMap() != null) {
                requireConfigMap(workload.id() + " volume " + volume.getName(), volume.getConfigMap().getName());
            }
            if (volume.getSecret() != null) {
                requireSecret(workload.id() + " volume " + volume.getName(), volume.getSecret().getSecretName());
            }
            if (volume.getPersistentVolumeClaim() != null
                    && find(PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
                violations.add(workload.id() + ": PersistentVolumeClaim "
                        + volume.getPersistentVolumeClaim().getClaimName() + " does not exist");
            }
        }
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            String where = workload.id() + " container " + container.getName();
            checkImage(where, container.getImage());
            checkResources(where, container);
            checkSecurity(where, container, podSecurity, volumes);
            Map<String, String> env = environment(where, container);
            Optional<AppConfig> app = appOf(container.getImage());
            app.ifPresent(config -> checkAppEnvironment(where, config, env));
            if (workload.serving() && pod.getContainers().contains(container)) {
                checkProbes(where, container);
                app.ifPresent(config -> checkServerPort(where, config, env, container));
            }
        }
    }

    private void checkImage(String where, String image) {
        if (image == null || !ImageRef.parse(image).pinned()) {
            violations.add(where + ": image " + image + " is not pinned to a tag or digest (no :latest)");
        }
    }

    private void checkResources(String where, Container container) {
        var resources = container.getResources();
        for (String resource : List.of("cpu", "memory")) {
            if (resources == null || resources.getLimits() == null || !resources.getLimits().containsKey(resource)) {
                violations.add(where + ": no " + resource + " limit");
            }
            if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey(resource)) {
                violations.add(where + ": no " + resource + " request");
            }
        }
    }

    private void checkSecurity(String where, Container container, PodSecurityContext pod, Map<String, Volume> volumes) {
        SecurityContext own = container.getSecurityContext();
        Boolean nonRoot = own != null && own.getRunAsNonRoot() != null ? own.getRunAsNonRoot()
                : pod != null ? pod.getRunAsNonRoot() : null;
        Long user = own != null && own.getRunAsUser() != null ? own.getRunAsUser() : pod != null ? pod.getRunAsUser() : null;
        if (!Boolean.TRUE.equals(nonRoot) || Objects.equals(user, 0L)) {
            violations.add(where + ": does not run as non-root (runAsNonRoot: true, runAsUser not 0)");
        }
        if (own == null || !Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
            violations.add(where + ": allowPrivilegeEscalation is not false");
        }
        if (own == null || !Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
            violations.add(where + ": root filesystem is not read-only");
        } else {
            boolean writableTmp = container.getVolumeMounts().stream()
                    .filter(mount -> mount.getMountPath().equals("/tmp"))
                    .anyMatch(mount -> volumes.containsKey(mount.getName()) && volumes.get(mount.getName()).getEmptyDir() != null);
            if (!writableTmp) {
                violations.add(where + ": read-only root filesystem without an emptyDir on /tmp");
            }
        }
    }

    private void checkProbes(String where, Container container) {
        if (container.getLivenessProbe() == null) {
            violations.add(where + ": no livenessProbe");
        }
        if (container.getReadinessProbe() == null) {
            violations.add(where + ": no readinessProbe");
        }
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("livenessProbe", container.getLivenessProbe());
        probes.put("readinessProbe", container.getReadinessProbe());
        probes.put("startupProbe", container.getStartupProbe());
        probes.forEach((kind, probe) -> {
            if (probe == null) {
                return;
            }
            IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                    : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
            if (port != null && resolve(container, port).isEmpty()) {
                violations.add(where + ": " + kind + " port " + text(port) + " is not a containerPort");
            }
            if (probe.getHttpGet() != null && !probe.getHttpGet().getPath().startsWith("/actuator/health")) {
                violations.add(where + ": " + kind + " is not on an Actuator health group");
            }
        });
    }

    /** The container's environment as far as it can be known: literal values, ConfigMap values, secrets as "<secret>". */
    private Map<String, String> environment(String where, Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                requireConfigMap(where, source.getConfigMapRef().getName())
                        .ifPresent(configMap -> env.putAll(configMap.getData()));
            }
            if (source.getSecretRef() != null) {
                requireSecret(where, source.getSecretRef().getName());
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                env.put(variable.getName(), variable.getValue());
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                requireSecret(where + " env " + variable.getName(), variable.getValueFrom().getSecretKeyRef().getName());
                env.put(variable.getName(), "<secret>");
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                Optional<ConfigMap> configMap = requireConfigMap(where + " env " + variable.getName(), ref.getName());
                if (configMap.isPresent() && !configMap.get().getData().containsKey(ref.getKey())) {
                    violations.add(where + " env " + variable.getName() + ": ConfigMap " + ref.getName()
                            + " has no key " + ref.getKey());
                }
                env.put(variable.getName(), configMap.map(c -> c.getData().get(ref.getKey())).orElse(null));
            } else {
                env.put(variable.getName(), "<field>");
            }
        }
        return env;
    }

    private void checkAppEnvironment(String where, AppConfig app, Map<String, String> env) {
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String name = variable.getKey();
            if (!app.reads(name) && !JVM_ENV.contains(name)) {
                violations.add(where + ": env " + name + " is not read by " + app.name() + "'s application.yml");
            }
            String value = variable.getValue();
            if (value != null && value.startsWith("http://")) {
                URI uri = URI.create(value);
                boolean served = find(Service.class, uri.getHost())
                        .map(service -> service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == uri.getPort()))
                        .orElse(false);
                if (!served) {
                    violations.add(where + ": env " + name + "=" + value + " names no Service port");
                }
            }
        }
    }

    private void checkServerPort(String where, AppConfig app, Map<String, String> env, Container container) {
        int port = app.serverPort(env);
        boolean declared = container.getPorts().stream().anyMatch(p -> p.getContainerPort() == port);
        if (!declared) {
            violations.add(where + ": " + app.name() + " listens on " + port + " (SERVER_PORT) but declares containerPorts "
                    + container.getPorts().stream().map(ContainerPort::getContainerPort).toList());
        }
    }

    private void checkServices() {
        for (Service service : all(Service.class)) {
            String where = "Service/" + service.getMetadata().getName();
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                violations.add(where + ": has no selector");
                continue;
            }
            List<Workload> selected = workloads(objects).stream().filter(Workload::serving)
                    .filter(w -> matches(selector, w.template().getMetadata().getLabels())).toList();
            if (selected.isEmpty()) {
                violations.add(where + ": selects the pods of no Deployment");
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (Workload workload : selected) {
                    boolean found = workload.template().getSpec().getContainers().stream()
                            .anyMatch(container -> resolve(container, target).isPresent());
                    if (!found) {
                        violations.add(where + ": targetPort " + text(target) + " is not a containerPort of " + workload.id());
                    }
                }
            }
        }
    }

    private void checkHorizontalPodAutoscalers() {
        for (HorizontalPodAutoscaler hpa : all(HorizontalPodAutoscaler.class)) {
            var ref = hpa.getSpec().getScaleTargetRef();
            boolean exists = objects.stream().anyMatch(o -> o.getKind().equals(ref.getKind())
                    && o.getMetadata().getName().equals(ref.getName()));
            if (!exists) {
                violations.add("HorizontalPodAutoscaler/" + hpa.getMetadata().getName() + ": target " + ref.getKind()
                        + "/" + ref.getName() + " does not exist");
            }
            Integer min = hpa.getSpec().getMinReplicas();
            if (min != null && min > hpa.getSpec().getMaxReplicas()) {
                violations.add("HorizontalPodAutoscaler/" + hpa.getMetadata().getName() + ": minReplicas > maxReplicas");
            }
        }
    }

    private void checkDisruptionBudgets() {
        for (PodDisruptionBudget pdb : all(PodDisruptionBudget.class)) {
            Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
            boolean any = workloads(objects).stream().filter(Workload::serving)
                    .anyMatch(w -> matches(selector, w.template().getMetadata().getLabels()));
            if (!any) {
                violations.add("PodDisruptionBudget/" + pdb.getMetadata().getName() + ": selects no workload's pods");
            }
        }
    }

    private void checkIngresses() {
        for (Ingress ingress : all(Ingress.class)) {
            String where = "Ingress/" + ingress.getMetadata().getName();
            for (IngressTLS tls : ingress.getSpec().getTls()) {
                requireSecret(where + " tls", tls.getSecretName());
            }
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (var path : rule.getHttp().getPaths()) {
                    IngressBackend backend = path.getBackend();
                    String name = backend.getService().getName();
                    Optional<Service> service = find(Service.class, name);
                    if (service.isEmpty()) {
                        violations.add(where + ": backend Service " + name + " does not exist");
                        continue;
                    }
                    var port = backend.getService().getPort();
                    boolean found = service.get().getSpec().getPorts().stream().anyMatch(p -> port.getName() != null
                            ? port.getName().equals(p.getName()) : Objects.equals(port.getNumber(), p.getPort()));
                    if (!found) {
                        violations.add(where + ": backend port " + (port.getName() != null ? port.getName() : port.getNumber())
                                + " is not a port of Service " + name);
                    }
                    if (!name.equals(PUBLIC_APP)) {
                        violations.add(where + ": exposes " + name + "; only " + PUBLIC_APP + " is public");
                    }
                }
            }
        }
    }

    private void checkNetworkPolicies() {
        List<NetworkPolicy> policies = all(NetworkPolicy.class);
        for (Workload workload : workloads(objects)) {
            Map<String, String> labels = workload.template().getMetadata().getLabels();
            List<NetworkPolicy> selecting = policies.stream()
                    .filter(p -> matches(p.getSpec().getPodSelector(), labels)).toList();
            Set<String> types = new HashSet<>();
            selecting.forEach(p -> types.addAll(p.getSpec().getPolicyTypes()));
            if (!types.containsAll(List.of("Ingress", "Egress"))) {
                violations.add(workload.id() + ": pods are not isolated for both Ingress and Egress by a NetworkPolicy");
            }
            boolean isPublic = PUBLIC_APP.equals(labels.get("app.kubernetes.io/name"));
            for (NetworkPolicy policy : selecting) {
                for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                    if (rule.getFrom().isEmpty()) {
                        violations.add("NetworkPolicy/" + policy.getMetadata().getName() + ": an ingress rule admits every source");
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        boolean outside = peer.getIpBlock() != null || peer.getNamespaceSelector() != null;
                        boolean scraper = peer.getNamespaceSelector() != null && peer.getIpBlock() == null
                                && SCRAPERS.contains(peer.getNamespaceSelector().getMatchLabels()
                                        .get("kubernetes.io/metadata.name"));
                        if (outside && !isPublic && !scraper) {
                            violations.add("NetworkPolicy/" + policy.getMetadata().getName() + ": lets traffic from outside "
                                    + "the namespace reach " + workload.id() + "; only " + PUBLIC_APP + " is public");
                        }
                    }
                }
            }
        }
    }

    /** Topic partitions are declared twice (KafkaTopic and the services' TOPIC_PARTITIONS); they must agree. */
    @SuppressWarnings("unchecked")
    private void checkKafkaTopics() {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (GenericKubernetesResource topic : generic("KafkaTopic")) {
            Map<String, Object> spec = (Map<String, Object>) topic.getAdditionalProperties().get("spec");
            String name = (String) spec.getOrDefault("topicName", topic.getMetadata().getName());
            partitions.put(name, ((Number) spec.get("partitions")).intValue());
        }
        if (partitions.isEmpty()) {
            return;
        }
        for (String required : List.of("listening-events", "listening-events.DLT", "tracks", "tracks.DLT", "track-embeddings",
                "track-embeddings.DLT")) {
            if (!partitions.containsKey(required)) {
                violations.add("KafkaTopic " + required + " is missing");
            }
        }
        for (Workload workload : workloads(objects)) {
            for (Container container : workload.template().getSpec().getContainers()) {
                Map<String, String> env = environmentQuietly(container);
                String declared = env.get("TOPIC_PARTITIONS");
                if (declared == null) {
                    continue;
                }
                partitions.forEach((topic, count) -> {
                    // the services declare their dead-letter topics with one partition (KafkaConfig)
                    int expected = topic.endsWith(".DLT") ? 1 : Integer.parseInt(declared);
                    if (count != expected) {
                        violations.add(workload.id() + ": " + (topic.endsWith(".DLT") ? "dead-letter topics have 1"
                                + " partition" : "TOPIC_PARTITIONS=" + declared) + " but KafkaTopic " + topic
                                + " has " + count + " partitions");
                    }
                });
            }
        }
        Integer listening = partitions.get("listening-events");
        find(HorizontalPodAutoscaler.class, "recommender-service").ifPresent(hpa -> {
            find(Deployment.class, "recommender-service").ifPresent(deployment -> {
                Map<String, String> env = environmentQuietly(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
                int concurrency = Integer.parseInt(env.getOrDefault("KAFKA_LISTENER_CONCURRENCY",
                        apps.get("recommender-service").envDefaults().get("KAFKA_LISTENER_CONCURRENCY")));
                if (listening != null && hpa.getSpec().getMaxReplicas() * concurrency > listening) {
                    violations.add("HorizontalPodAutoscaler/recommender-service: " + hpa.getSpec().getMaxReplicas() + " pods x "
                            + concurrency + " consumers exceed the " + listening + " partitions of listening-events");
                }
            });
        });
    }

    private void checkCustomResourceImages() {
        for (GenericKubernetesResource cluster : generic("Cluster")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
            Object image = spec.get("imageName");
            if (image != null) {
                checkImage("Cluster/" + cluster.getMetadata().getName(), (String) image);
            }
        }
    }

    private Map<String, String> environmentQuietly(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                find(ConfigMap.class, source.getConfigMapRef().getName()).ifPresent(c -> env.putAll(c.getData()));
            }
        }
        container.getEnv().stream().filter(v -> v.getValueFrom() == null).forEach(v -> env.put(v.getName(), v.getValue()));
        return env;
    }

    private Optional<ConfigMap> requireConfigMap(String where, String name) {
        Optional<ConfigMap> configMap = find(ConfigMap.class, name);
        if (configMap.isEmpty()) {
            violations.add(where + ": ConfigMap " + name + " does not exist");
        }
        return configMap;
    }

    private void requireSecret(String where, String name) {
        referencedSecrets.add(name);
        boolean rendered = objects.stream().anyMatch(o -> o.getKind().equals("Secret") && o.getMetadata().getName().equals(name));
        if (!rendered && !externalSecrets.contains(name)) {
            violations.add(where + ": Secret " + name + " is neither rendered nor listed in k8s/external-secrets.txt");
        }
    }

    private Optional<AppConfig> appOf(String image) {
        if (image == null) {
            return Optional.empty();
        }
        String name = ImageRef.parse(image).name();
        return Optional.ofNullable(apps.get(name.substring(name.lastIndexOf('/') + 1)));
    }

    private static Optional<ContainerPort> resolve(Container container, IntOrString port) {
        return container.getPorts().stream().filter(p -> port.getStrVal() != null
                ? port.getStrVal().equals(p.getName()) : port.getIntVal().equals(p.getContainerPort())).findFirst();
    }

    private static String text(IntOrString port) {
        return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new UnsupportedOperationException("matchExpressions in NetworkPolicy podSelector");
        }
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return matches(matchLabels, labels);
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    private List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }
}
