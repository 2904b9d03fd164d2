package org.musicrec.cli.models;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
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

    /**
     * The files an exported model of each kind holds at its top: the manifest its service reads first
     * ({@code RankerSignature}, {@code AudioModelSpec} and {@code TrackModelSpec} {@code .MANIFEST_FILE}) and the
     * SavedModel graph.
     */
    static final Map<String, List<String>> REQUIRED_FILES = Map.of(
            "ranker", List.of("musicrec-ranker.properties", "saved_model.pb"),
            "audio-encoder", List.of("musicrec-audio-model.properties", "saved_model.pb"),
            "track-encoder", List.of("musicrec-track-model.properties", "saved_model.pb"));

    /** Far above any exported model (they are a few MB); a directory this large is not one. */
    static final long MAX_MODEL_BYTES = 1L << 30;

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
        String problem = directoryProblem(kind, dir, MAX_MODEL_BYTES);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
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

    /** Why {@code dir} cannot be registered as a model of {@code kind}, or null when it looks like one. */
    static String directoryProblem(String kind, Path dir, long maxBytes) throws IOException {
        List<String> required = REQUIRED_FILES.get(kind);
        if (required == null) {
            return "unknown model kind '" + kind + "'; use ranker, audio-encoder or track-encoder";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        for (String file : required) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                return dir + " is not an exported " + kind + " model: it has no " + file + " (an exported " + kind
                        + " holds " + String.join(" and ", required) + ")";
            }
        }
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                total[0] += attributes.size();
                return total[0] > maxBytes ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        if (total[0] > maxBytes) {
            return dir + " holds more than " + (maxBytes >= 1L << 30 ? (maxBytes >> 30) + " GiB" : maxBytes + " bytes")
                    + "; an exported model is far smaller, so this is not one";
        }
        return null;
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
