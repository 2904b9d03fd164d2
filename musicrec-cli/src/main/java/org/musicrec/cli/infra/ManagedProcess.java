package org.musicrec.cli.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A background process the launcher started, remembered by a pid file. Only processes whose command line
 * still carries the launcher's marker are ever stopped, so a reused pid is never killed.
 */
public final class ManagedProcess {

    public static final String MARKER_PROPERTY = "-Dmusicrec.managed=";

    private final String name;
    private final Workspace workspace;

    public ManagedProcess(String name, Workspace workspace) {
        this.name = name;
        this.workspace = workspace;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return workspace.logs().resolve(name + ".log");
    }

    private Path pidFile() {
        return workspace.pids().resolve(name + ".pid");
    }

    /** The running process, if this launcher started it and it still runs. */
    public Optional<ProcessHandle> running() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean isOurs(ProcessHandle handle) {
        String cmd = handle.info().commandLine().orElse("");
        return cmd.contains(MARKER_PROPERTY + name);
    }

    /** Starts {@code java <jvmArgs> <mainArgs>} in the background with output to the log file. */
    public ProcessHandle start(List<String> command, java.util.Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.UTF_8);
        return process.toHandle();
    }

    /** Stops the process if it is ours; true when something was stopped. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> handle = running();
        if (handle.isEmpty()) {
            deletePidFile();
            return false;
        }
        ProcessHandle process = handle.get();
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
        deletePidFile();
        return true;
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // a stale pid file is checked against the marker before use
        }
    }

    /** The java executable of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The marker argument of this process's command line. */
    public String marker() {
        return MARKER_PROPERTY + name;
    }
}
