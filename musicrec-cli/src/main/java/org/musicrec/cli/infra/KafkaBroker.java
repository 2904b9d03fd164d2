package org.musicrec.cli.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A real single-node Apache Kafka broker in KRaft mode, run from the launcher's Maven-resolved jars. */
public final class KafkaBroker {

    private final Workspace workspace;
    private final InfraSettings settings;
    private final ManagedProcess process;

    public KafkaBroker(Workspace workspace, InfraSettings settings) {
        this.workspace = workspace;
        this.settings = settings;
        this.process = new ManagedProcess("kafka", workspace);
    }

    public ManagedProcess process() {
        return process;
    }

    /** Starts the broker unless it runs; returns a line for the user. */
    public String up() throws IOException, InterruptedException {
        if (process.running().isPresent()) {
            return "kafka      already running (ours) on " + settings.kafkaBootstrap();
        }
        if (Ports.open("127.0.0.1", settings.kafkaPort())) {
            if (answersAsKafka()) {
                return "kafka      using the broker already on " + settings.kafkaBootstrap() + " (not started by musicrec)";
            }
            throw new IllegalStateException("port " + settings.kafkaPort() + " is taken by a process that is not a Kafka"
                    + " broker; stop it or set MUSICREC_KAFKA_PORT (and MUSICREC_KAFKA_CONTROLLER_PORT) to free ports");
        }
        if (Ports.open("127.0.0.1", settings.kafkaControllerPort())) {
            throw new IllegalStateException("controller port " + settings.kafkaControllerPort()
                    + " is taken; set MUSICREC_KAFKA_CONTROLLER_PORT to a free port");
        }
        Path dir = workspace.dir("kafka");
        Path data = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        Files.writeString(config, properties(data));
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(config);
        }
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.java(), process.marker(), "-Xms256m", "-Xmx512m",
                "-XX:+UseSerialGC", "-cp", workspace.cliClasspath(), "kafka.Kafka", config.toString()));
        ProcessHandle handle = process.start(cmd, Map.of());
        if (!Ports.await("127.0.0.1", settings.kafkaPort(), Duration.ofSeconds(90), handle)) {
            process.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("Kafka did not come up; see " + process.logFile());
        }
        return "kafka      started on " + settings.kafkaBootstrap() + " (KRaft, data " + data + ", log "
                + process.logFile() + ")";
    }

    private boolean answersAsKafka() {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", settings.kafkaBootstrap());
        props.put("default.api.timeout.ms", "5000");
        props.put("request.timeout.ms", "3000");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            admin.describeCluster().clusterId().get(6, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void format(Path config) throws IOException, InterruptedException {
        Process format = new ProcessBuilder(ManagedProcess.java(), "-cp", workspace.cliClasspath(),
                "kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                "-c", config.toString(), "--ignore-formatted")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(process.logFile().toFile()))
                .start();
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the Kafka storage failed; see " + process.logFile());
        }
    }

    private String properties(Path data) {
        return String.join("\n",
                "# written by ./musicrec infra up",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + settings.kafkaControllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + settings.kafkaPort() + ",CONTROLLER://127.0.0.1:"
                        + settings.kafkaControllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + settings.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=6",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=-1",
                "") ;
    }

    public String status() {
        return process.running().map(p -> "kafka      running (ours, pid " + p.pid() + ") on " + settings.kafkaBootstrap())
                .orElse(Ports.open("127.0.0.1", settings.kafkaPort())
                        ? "kafka      something else listens on " + settings.kafkaBootstrap()
                        : "kafka      not running");
    }

    public String down() {
        return process.stop(Duration.ofSeconds(30)) ? "kafka      stopped" : "kafka      was not started by musicrec";
    }
}
