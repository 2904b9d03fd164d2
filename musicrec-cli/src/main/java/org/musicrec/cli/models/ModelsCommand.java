package org.musicrec.cli.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.musicrec.cli.infra.InfraSettings;
import org.musicrec.registry.ModelArchive;
import org.musicrec.registry.ModelRegistry;
import org.musicrec.registry.ModelVersion;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code musicrec models list|register}: the model registries of the two model-serving services. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List or register model versions (ranker: recommender-service; audio-encoder, track-encoder:"
                + " embedding-service).",
        subcommands = {ModelsCommand.ListCommand.class, ModelsCommand.RegisterCommand.class})
public class ModelsCommand {

    /** Which service's schema holds a kind. */
    public static ModelRegistry registry(String kind) {
        String schema = switch (kind) {
            case "ranker" -> "recommender";
            case "audio-encoder", "track-encoder" -> "embedding";
            default -> throw new IllegalArgumentException("unknown model kind '" + kind
                    + "'; use ranker, audio-encoder or track-encoder");
        };
        InfraSettings infra = InfraSettings.fromEnvironment();
        String url = env("POSTGRES_URL", infra.jdbcUrl());
        DriverManagerDataSource ds = new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?")
                + "currentSchema=" + schema, env("POSTGRES_USER", infra.postgresUser()), env("POSTGRES_PASSWORD", infra.postgresPassword()));
        return new ModelRegistry(JdbcClient.create(ds), kind);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Stores an exported model directory as a version (named by its manifest unless given) and maybe activates it. */
    public static String register(String kind, Path dir, boolean activate) throws IOException {
        return register(kind, dir, null, "{}", activate);
    }

    static String register(String kind, Path dir, String version, String metricsJson, boolean activate)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        Properties manifest = new Properties();
        Path manifestFile = dir.resolve("manifest.properties");
        if (Files.exists(manifestFile)) {
            try (var in = Files.newBufferedReader(manifestFile)) {
                manifest.load(in);
            }
        }
        String id = version != null ? version : manifest.getProperty("version",
                kind + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        byte[] archive = ModelArchive.pack(dir);
        ModelRegistry registry = registry(kind);
        if (registry.find(id).isPresent()) {
            id = id + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        }
        registry.register(id, manifest.getProperty("dataFingerprint", ModelArchive.sha256(archive).substring(0, 16)),
                metricsJson, archive);
        if (activate) {
            registry.activate(id);
        }
        System.out.printf("registered %s model %s (%,d bytes)%s%n", kind, id, archive.length,
                activate ? ", active: the services load it within their poll interval" : "");
        return id;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the versions of a kind.")
    static class ListCommand implements Callable<Integer> {
        @Option(names = "--kind", defaultValue = "ranker", description = "ranker, audio-encoder or track-encoder")
        String kind;

        @Override
        public Integer call() {
            for (ModelVersion v : registry(kind).list()) {
                System.out.printf("%-40s %-8s %s %s %s%n", v.versionId(), v.status(), v.active() ? "ACTIVE" : "      ",
                        v.createdAt(), v.metrics());
            }
            return 0;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Store an exported model directory as a new version; --activate makes every replica serve it.")
    static class RegisterCommand implements Callable<Integer> {
        @Option(names = "--kind", required = true, description = "ranker, audio-encoder or track-encoder")
        String kind;

        @Parameters(index = "0", description = "exported SavedModel directory")
        Path dir;

        @Option(names = "--version", description = "version id (default: the manifest's version, or kind-timestamp)")
        String version;

        @Option(names = "--metrics", description = "JSON file of metrics to store with the version")
        Path metrics;

        @Option(names = "--activate", description = "make it the active version")
        boolean activate;

        @Override
        public Integer call() throws IOException {
            register(kind, dir, version, metrics == null ? "{}" : Files.readString(metrics), activate);
            return 0;
        }
    }
}
