package org.musicrec.cli.audio;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.musicrec.cli.hetrec.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code musicrec embed DIR...}: every audio file becomes a catalogue track (title and artist from a
 * {@code tracks.tsv} beside it when there is one) and is uploaded through the gateway to be embedded.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Upload a folder of audio files through the gateway and wait for their embeddings.")
public class EmbedCommand implements Callable<Integer> {

    static final List<String> EXTENSIONS = List.of(".ogg", ".oga", ".mp3", ".flac", ".wav", ".opus", ".m4a", ".aac");

    @Parameters(arity = "1..*", description = "audio files or folders")
    List<Path> inputs;

    @Option(names = "--gateway", defaultValue = "${env:MUSICREC_GATEWAY_URL:-http://127.0.0.1:8080}")
    URI gateway;

    @Option(names = "--api-key", defaultValue = "${env:MUSICREC_API_KEY}")
    String apiKey;

    @Option(names = "--prefix", defaultValue = "clip-", description = "track id prefix (default: ${DEFAULT-VALUE})")
    String prefix;

    /** One uploaded file and what became of it. */
    public record Result(String trackId, Path file, String status, String error) {
    }

    @Override
    public Integer call() throws Exception {
        List<Result> results = embed(new ApiClient(gateway, apiKey), files(inputs), prefix);
        long failed = results.stream().filter(r -> !"DONE".equals(r.status())).count();
        results.stream().filter(r -> !"DONE".equals(r.status()))
                .forEach(r -> System.out.println("  " + r.file().getFileName() + ": " + r.status() + " " + r.error()));
        System.out.printf("embedded %d of %d files%n", results.size() - failed, results.size());
        return failed == 0 ? 0 : 1;
    }

    public static List<Path> files(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).filter(EmbedCommand::isAudio).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new IllegalArgumentException(input + " does not exist");
            }
        }
        return files;
    }

    private static boolean isAudio(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** Track id of a file: the prefix and the file name without extension, made URL-safe. */
    public static String trackId(String prefix, Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._:-]", "_");
        String id = prefix + base;
        return id.length() > 128 ? id.substring(0, 128) : id;
    }

    public static List<Result> embed(ApiClient api, List<Path> files, String prefix) throws Exception {
        List<Result> results = new ArrayList<>();
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("embed").setInitialMax(files.size())
                .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            builder.setUpdateIntervalMillis(5000).setConsumer(new DelegatingProgressBarConsumer(System.out::println, 100));
        }
        try (ProgressBar bar = builder.build()) {
            for (Path file : files) {
                results.add(embedOne(api, file, prefix));
                bar.step();
            }
        }
        return results;
    }

    private static Result embedOne(ApiClient api, Path file, String prefix) throws Exception {
        String id = trackId(prefix, file);
        Map<String, String> meta = metadata(file);
        Map<String, Object> track = new LinkedHashMap<>();
        track.put("title", meta.getOrDefault("title", file.getFileName().toString()));
        track.put("artist", meta.getOrDefault("artist", "unknown"));
        track.put("tags", meta.containsKey("genre_hint") ? List.of(meta.get("genre_hint")) : List.of());
        ApiClient.Reply put = api.put("/api/v1/tracks/" + id, track);
        if (!put.ok()) {
            return new Result(id, file, "REJECTED", "catalogue: " + put.status() + " " + put.body());
        }
        ApiClient.Reply upload = api.putBytes("/api/v1/tracks/" + id + "/audio", Files.readAllBytes(file),
                "application/octet-stream");
        if (upload.status() != 202) {
            return new Result(id, file, "REJECTED", upload.status() + " " + upload.body());
        }
        JsonNode job = api.json().readTree(upload.body());
        String location = "/api/v1/tracks/" + id + "/audio/jobs/" + job.get("jobId").asString();
        Instant end = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(end)) {
            String status = job.get("status").asString();
            if (status.equals("DONE") || status.equals("FAILED")) {
                return new Result(id, file, status, job.hasNonNull("error") ? job.get("error").asString() : "");
            }
            Thread.sleep(300);
            job = api.getJson(location);
        }
        return new Result(id, file, "TIMEOUT", "no result within 5 minutes");
    }

    /** Columns of the file's row in a tracks.tsv beside it (as in the shared audio-clips folder). */
    private static Map<String, String> metadata(Path file) throws IOException {
        Path tsv = file.resolveSibling("tracks.tsv");
        Map<String, String> meta = new HashMap<>();
        if (!Files.exists(tsv)) {
            return meta;
        }
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return meta;
        }
        String[] header = lines.get(0).split("\t", -1);
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            if (cols.length > 0 && cols[0].equals(file.getFileName().toString())) {
                for (int i = 0; i < Math.min(header.length, cols.length); i++) {
                    if (!cols[i].isBlank()) {
                        meta.put(header[i], cols[i].length() > 300 ? cols[i].substring(0, 300) : cols[i]);
                    }
                }
            }
        }
        return meta;
    }
}
