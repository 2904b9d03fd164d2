package org.musicrec.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user runs it: {@code ./musicrec infra up|status|down} with its own state directory and free
 * Kafka ports, beside whatever infrastructure the test run itself uses (PostgreSQL is the one on
 * {@code MUSICREC_PG_PORT}, default 5432, which the launcher reuses and so must never stop).
 */
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path home;

    private Map<String, String> env;

    record Run(int exit, String output) {
    }

    private Run musicrec(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                java.util.stream.Stream.concat(java.util.stream.Stream.of(ROOT.resolve("musicrec").toString()),
                        java.util.Arrays.stream(args)).toList())
                .directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("launcher finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void ports(int kafka, int controller) {
        env = Map.of("MUSICREC_HOME", home.toString(), "MUSICREC_KAFKA_PORT", Integer.toString(kafka),
                "MUSICREC_KAFKA_CONTROLLER_PORT", Integer.toString(controller));
    }

    @AfterEach
    void stopWhatTheTestStarted() throws Exception {
        if (env != null) {
            musicrec("infra", "down");
        }
    }

    @Test
    void upIsIdempotentAndDownStopsOnlyWhatUpStarted() throws Exception {
        int kafka = freePort();
        ports(kafka, freePort());
        int postgres = InfraSettings.fromEnvironment().postgresPort();
        boolean postgresWasRunning = Ports.open("127.0.0.1", postgres);

        Run up = musicrec("infra", "up");
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output()).contains("kafka      started on 127.0.0.1:" + kafka);
        assertThat(Ports.open("127.0.0.1", kafka)).isTrue();
        assertThat(Files.list(home.resolve("logs")).map(p -> p.getFileName().toString()).toList())
                .as("logs go to files under MUSICREC_HOME").anyMatch(name -> name.startsWith("kafka"));

        Run again = musicrec("infra", "up");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("kafka      already running (ours) on 127.0.0.1:" + kafka);

        Run status = musicrec("infra", "status");
        assertThat(status.output()).contains("kafka      running (ours, pid");

        Run down = musicrec("infra", "down");
        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(down.output()).contains("kafka      stopped");
        assertThat(Ports.await("127.0.0.1", kafka, Duration.ofSeconds(1), null)).as("kafka port closed").isFalse();
        if (postgresWasRunning) {
            assertThat(down.output()).contains("postgres   left alone (not started by musicrec)");
            assertThat(Ports.open("127.0.0.1", postgres)).as("a PostgreSQL the launcher did not start keeps running")
                    .isTrue();
        }
        assertThat(musicrec("infra", "status").output()).contains("kafka      not running");
    }

    @Test
    void aTakenPortIsAClearErrorNamingIt() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int taken = squatter.getLocalPort();
            ports(taken, freePort());
            Run up = musicrec("infra", "up");
            assertThat(up.exit()).isNotZero();
            assertThat(up.output()).contains("port " + taken + " is taken").contains("MUSICREC_KAFKA_PORT");
            assertThat(musicrec("infra", "status").output()).contains("something else listens on 127.0.0.1:" + taken);
        }
    }

    @Test
    void aPortThatIsNoNumberIsRefused() throws Exception {
        env = Map.of("MUSICREC_HOME", home.toString(), "MUSICREC_KAFKA_PORT", "ninety");
        Run up = musicrec("infra", "status");
        assertThat(up.exit()).isNotZero();
        assertThat(up.output()).contains("MUSICREC_KAFKA_PORT must be a port number, got 'ninety'");
        env = null;
    }
}
