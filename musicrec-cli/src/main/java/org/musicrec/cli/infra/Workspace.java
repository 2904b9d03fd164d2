package org.musicrec.cli.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the launcher keeps state: {@code MUSICREC_HOME} (default {@code .musicrec} in the repository), with
 * data directories, logs and the pid files of what it started.
 */
public record Workspace(Path repo, Path home) {

    public static Workspace detect() {
        Path repo = Path.of(System.getProperty("musicrec.repo", ".")).toAbsolutePath().normalize();
        String env = System.getenv("MUSICREC_HOME");
        Path home = env == null || env.isBlank() ? repo.resolve(".musicrec") : Path.of(env).toAbsolutePath();
        return new Workspace(repo, home);
    }

    public Path logs() {
        return dir("logs");
    }

    public Path pids() {
        return dir("pids");
    }

    public Path dir(String name) {
        Path dir = home.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** The classpath of the launcher itself (its lib folder and classes), which also holds the Kafka broker. */
    public String cliClasspath() {
        Path target = repo.resolve("musicrec-cli/target");
        return target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib") + "/*";
    }

    /** The runnable jar of a service module. */
    public Path serviceJar(String module) {
        return repo.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
    }
}
