package org.musicrec.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.musicrec.cli.infra.InfraSettings;
import org.musicrec.cli.infra.ManagedProcess;
import org.musicrec.cli.infra.Ports;
import org.musicrec.cli.infra.Workspace;

/** The three services as local background processes, each on its port, wired to the local infrastructure. */
public final class Services {

    /** One service: its module name and port. */
    public record Service(String module, int port) {
        public URI base() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    private final Workspace workspace;
    private final InfraSettings infra;
    private final List<Service> services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Services(Workspace workspace, InfraSettings infra) {
        this.workspace = workspace;
        this.infra = infra;
        this.services = List.of(
                new Service("recommender-service", port("MUSICREC_RECOMMENDER_PORT", 8082)),
                new Service("embedding-service", port("MUSICREC_EMBEDDING_PORT", 8081)),
                new Service("gateway", port("MUSICREC_GATEWAY_PORT", 8080)));
    }

    public Service gateway() {
        return services.get(2);
    }

    public Service service(String module) {
        return services.stream().filter(s -> s.module().equals(module)).findFirst().orElseThrow();
    }

    public List<String> start() throws IOException {
        List<String> lines = new ArrayList<>();
        List<ProcessHandle> started = new ArrayList<>();
        for (Service s : services) {
            ManagedProcess process = new ManagedProcess(s.module(), workspace);
            if (process.running().isPresent()) {
                lines.add(pad(s.module()) + "already running (pid " + process.running().get().pid() + ") on " + s.base());
                started.add(process.running().get());
                continue;
            }
            if (Ports.open("127.0.0.1", s.port())) {
                throw new IllegalStateException("port " + s.port() + " for " + s.module() + " is taken by another"
                        + " process; free it or set MUSICREC_" + s.module().split("-")[0].toUpperCase() + "_PORT");
            }
            if (!Files.exists(workspace.serviceJar(s.module()))) {
                throw new IllegalStateException(workspace.serviceJar(s.module()) + " is missing; build with ./mvnw package");
            }
            List<String> cmd = List.of(ManagedProcess.java(), process.marker(), "-Xmx1g", "-XX:+UseSerialGC",
                    "-jar", workspace.serviceJar(s.module()).toString());
            started.add(process.start(cmd, env(s)));
            lines.add(pad(s.module()) + "starting on " + s.base() + " (log " + process.logFile() + ")");
        }
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            if (!awaitReady(s, Duration.ofSeconds(180), started.get(i))) {
                throw new IllegalStateException(s.module() + " did not become ready; see "
                        + new ManagedProcess(s.module(), workspace).logFile());
            }
            lines.add(pad(s.module()) + "ready");
        }
        return lines;
    }

    private Map<String, String> env(Service s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(s.port()));
        // the services have no authentication of their own: only the gateway is the door, so bind to loopback
        env.put("SERVER_ADDRESS", System.getenv().getOrDefault("MUSICREC_BIND_ADDRESS", "127.0.0.1"));
        env.put("POSTGRES_URL", infra.jdbcUrl());
        env.put("POSTGRES_USER", infra.postgresUser());
        env.put("POSTGRES_PASSWORD", infra.postgresPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        env.put("EMBEDDING_SERVICE_URI", service("embedding-service").base().toString());
        env.put("RECOMMENDER_SERVICE_URI", service("recommender-service").base().toString());
        env.put("MUSICREC_HOME", workspace.home().toString());
        return env;
    }

    public boolean awaitReady(Service s, Duration timeout, ProcessHandle process) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (process != null && !process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.base().resolve("/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    public List<String> stop() {
        List<String> lines = new ArrayList<>();
        for (int i = services.size() - 1; i >= 0; i--) {
            Service s = services.get(i);
            boolean stopped = new ManagedProcess(s.module(), workspace).stop(Duration.ofSeconds(30));
            lines.add(pad(s.module()) + (stopped ? "stopped" : "was not running"));
        }
        return lines;
    }

    public List<String> status() {
        List<String> lines = new ArrayList<>();
        for (Service s : services) {
            var running = new ManagedProcess(s.module(), workspace).running();
            lines.add(pad(s.module()) + running.map(p -> "running (pid " + p.pid() + ") on " + s.base())
                    .orElse("not running"));
        }
        return lines;
    }

    private static String pad(String name) {
        return String.format("%-20s ", name);
    }

    private static int port(String env, int fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
