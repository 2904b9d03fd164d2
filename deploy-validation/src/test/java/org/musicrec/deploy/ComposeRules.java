package org.musicrec.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules docker-compose.yml must keep: one compose service per musicrec service, named as the module,
 * built from its Dockerfile, given only variables its application.yml reads, pointed at ports that
 * really listen, healthchecked and started after healthy dependencies, with only the gateway published.
 */
final class ComposeRules {

    private static final String PUBLIC_APP = "gateway";

    private ComposeRules() {
    }

    @SuppressWarnings("unchecked")
    static List<String> check(Map<String, Object> compose, Map<String, AppConfig> apps) {
        List<String> violations = new ArrayList<>();
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        for (String app : apps.keySet()) {
            if (!services.containsKey(app)) {
                violations.add("no compose service " + app);
            }
        }
        for (Map.Entry<String, Map<String, Object>> entry : services.entrySet()) {
            String name = entry.getKey();
            Map<String, Object> service = entry.getValue();
            String where = "compose service " + name;
            if (!(service.get("healthcheck") instanceof Map<?, ?>)) {
                violations.add(where + ": no healthcheck");
            }
            Object image = service.get("image");
            if (!(image instanceof String ref) || !ImageRef.parse(ref).pinned()) {
                violations.add(where + ": image " + image + " is not pinned to a tag");
            }
            Object dependsOn = service.getOrDefault("depends_on", Map.of());
            if (!(dependsOn instanceof Map<?, ?> dependencies)) {
                violations.add(where + ": depends_on without conditions");
            } else {
                ((Map<String, Object>) dependencies).forEach((dependency, condition) -> {
                    if (!services.containsKey(dependency)) {
                        violations.add(where + ": depends on missing service " + dependency);
                    }
                    if (!(condition instanceof Map<?, ?> c) || !"service_healthy".equals(c.get("condition"))) {
                        violations.add(where + ": depends on " + dependency + " without condition service_healthy");
                    }
                });
            }
            if (service.containsKey("ports") && !name.equals(PUBLIC_APP)) {
                violations.add(where + ": publishes ports; only " + PUBLIC_APP + " is reachable from the host");
            }
            AppConfig app = apps.get(name);
            if (app != null) {
                checkApp(where, name, service, app, services, apps, violations);
            }
        }
        return violations;
    }

    @SuppressWarnings("unchecked")
    private static void checkApp(String where, String name, Map<String, Object> service, AppConfig app,
                                 Map<String, Map<String, Object>> services, Map<String, AppConfig> apps,
                                 List<String> violations) {
        if (!app.name().equals(name)) {
            violations.add(where + ": spring.application.name is " + app.name());
        }
        Object build = service.get("build");
        if (!(build instanceof Map<?, ?> b) || !(name + "/Dockerfile").equals(b.get("dockerfile"))) {
            violations.add(where + ": not built from " + name + "/Dockerfile");
        }
        Map<String, String> env = environment(service);
        env.keySet().stream().filter(variable -> !app.reads(variable))
                .forEach(variable -> violations.add(where + ": env " + variable + " is not read by " + name + "'s application.yml"));
        int port = app.serverPort(env);
        List<String> published = ((List<Object>) service.getOrDefault("ports", List.of())).stream().map(String::valueOf).toList();
        List<String> exposed = ((List<Object>) service.getOrDefault("expose", List.of())).stream().map(String::valueOf).toList();
        boolean listens = published.stream().anyMatch(p -> p.endsWith(":" + port)) || exposed.contains(String.valueOf(port));
        if (!listens) {
            violations.add(where + ": listens on " + port + " but exposes " + exposed + " and publishes " + published);
        }
        env.forEach((variable, value) -> {
            if (value.startsWith("http://")) {
                URI uri = URI.create(value);
                AppConfig target = apps.get(uri.getHost());
                if (!services.containsKey(uri.getHost()) || target == null
                        || target.serverPort(environment(services.get(uri.getHost()))) != uri.getPort()) {
                    violations.add(where + ": env " + variable + "=" + value + " is no service's listening port");
                }
            }
        });
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap != null && !services.containsKey(bootstrap.split(":")[0])) {
            violations.add(where + ": KAFKA_BOOTSTRAP_SERVERS=" + bootstrap + " names no service");
        }
        String jdbc = env.get("POSTGRES_URL");
        if (jdbc != null) {
            URI uri = URI.create(jdbc.substring("jdbc:".length()));
            Map<String, Object> postgres = services.get(uri.getHost());
            if (postgres == null) {
                violations.add(where + ": POSTGRES_URL=" + jdbc + " names no service");
            } else if (!uri.getPath().substring(1).equals(environment(postgres).get("POSTGRES_DB"))) {
                violations.add(where + ": POSTGRES_URL database is not the POSTGRES_DB that " + uri.getHost() + " creates");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.getOrDefault("environment", Map.of());
        if (raw instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> env.put(k, String.valueOf(v)));
        } else {
            for (Object line : (List<Object>) raw) {
                String[] pair = String.valueOf(line).split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return env;
    }
}
