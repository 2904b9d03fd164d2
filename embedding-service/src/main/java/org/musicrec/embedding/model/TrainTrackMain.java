package org.musicrec.embedding.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Array;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import me.tongfei.progressbar.ProgressBar;
import org.flywaydb.core.Flyway;
import org.musicrec.registry.ModelArchive;
import org.musicrec.registry.ModelRegistry;
import org.musicrec.support.cli.CommandLines;
import org.musicrec.support.cli.DatabaseOptions;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains the track encoder on the catalogue and the listening history without Spring: tracks (and their audio
 * embeddings, where present) from the embedding schema, listens from the recommender schema; positives are two
 * tracks one user played close together. Reports recall@10 of held-out users' co-listened tracks against
 * baselines, exports a SavedModel and registers and activates it as kind {@link TrackModelSpec#KIND}.
 * {@code java -Dloader.main=org.musicrec.embedding.model.TrainTrackMain -jar embedding-service-*-exec.jar}.
 */
@Command(name = "train-track", mixinStandardHelpOptions = true,
        description = "Train the track encoder on co-listening, export it and register it.")
public final class TrainTrackMain implements Callable<Integer> {


    @Mixin
    DatabaseOptions database;

    @Option(names = "--schema", defaultValue = "embedding", description = "the embedding service's schema (default ${DEFAULT-VALUE})")
    String schema;

    @Option(names = "--history-schema", defaultValue = "recommender",
            description = "schema of listening_events (default ${DEFAULT-VALUE})")
    String historySchema;

    @Option(names = "--out", description = "output directory (default $MUSICREC_HOME/models/track/<version>)")
    Path out;

    @Option(names = "--model-version", description = "version id (default track-<UTC yyyyMMdd-HHmmss>)")
    String version;

    @Option(names = "--register", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "store the model in the registry (default ${DEFAULT-VALUE})")
    boolean register;

    @Option(names = "--activate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "make it the served track encoder (default ${DEFAULT-VALUE})")
    boolean activate;

    @Option(names = "--migrate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "apply the embedding schema's migrations first (default ${DEFAULT-VALUE})")
    boolean migrate;

    @Option(names = "--window", defaultValue = "5", description = "listens apart that still count as co-listened (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--validation-users", defaultValue = "0.1", description = "fraction of users held out (default ${DEFAULT-VALUE})")
    double validationFraction;

    @Option(names = "--eval-queries", defaultValue = "2000", description = "held-out pairs evaluated (default ${DEFAULT-VALUE})")
    int evalQueries;

    @Option(names = "--steps", defaultValue = "1500", description = "Adam steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "256", description = "pairs per batch (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--temperature", defaultValue = "0.1", description = "InfoNCE temperature (default ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--artist-dropout", defaultValue = "0.3", description = "chance a training row loses its artist (default ${DEFAULT-VALUE})")
    float artistDropout;

    @Option(names = "--title-dropout", defaultValue = "0.5", description = "chance a training row loses its title (default ${DEFAULT-VALUE})")
    float titleDropout;

    @Option(names = "--audio-dropout", defaultValue = "0.5", description = "chance a training row loses its audio (default ${DEFAULT-VALUE})")
    float audioDropout;

    @Option(names = "--threads", defaultValue = "2", description = "TensorFlow threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    public static void main(String[] args) {
        System.exit(CommandLines.run(new TrainTrackMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        if (!DatabaseOptions.SCHEMA.matcher(schema).matches() || !DatabaseOptions.SCHEMA.matcher(historySchema).matches()) {
            System.err.println("schema names must be lower-case identifiers");
            return 2;
        }
        if (version == null) {
            version = "track-" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        }
        Path outDir = out != null ? out : AudioFiles.musicHome().resolve("models").resolve("track").resolve(version);
        DataSource dataSource = dataSource();
        if (migrate) {
            Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true).load().migrate();
        }
        JdbcClient jdbc = JdbcClient.create(dataSource);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");

        List<String> ids = new ArrayList<>();
        List<TrackFeatures> tracks = new ArrayList<>();
        Map<String, float[]> audio = new HashMap<>();
        jdbc.sql("SELECT track_id, vector FROM track_audio_embeddings").query(rs -> {
            audio.put(rs.getString(1), floats(rs.getArray(2)));
        });
        jdbc.sql("SELECT track_id, title, artist, tags FROM tracks ORDER BY track_id").query(rs -> {
            String id = rs.getString(1);
            List<String> tags = Arrays.asList((String[]) rs.getArray(4).getArray());
            ids.add(id);
            tracks.add(new TrackFeatures(rs.getString(2), rs.getString(3), tags, audio.get(id)));
            digest.update((id + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + tags + "\n").getBytes(StandardCharsets.UTF_8));
        });
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
        List<CoListening.Listen> listens = new ArrayList<>();
        int[] skipped = {0};
        jdbc.sql("SELECT user_id, track_id, occurred_at FROM " + historySchema + ".listening_events ORDER BY user_id, occurred_at, track_id")
                .query(rs -> {
                    Integer track = index.get(rs.getString(2));
                    if (track == null) {
                        skipped[0]++;
                        return;
                    }
                    long at = rs.getTimestamp(3).getTime();
                    listens.add(new CoListening.Listen(rs.getString(1), track, at));
                    digest.update((rs.getString(1) + "|" + rs.getString(2) + "|" + at + "\n").getBytes(StandardCharsets.UTF_8));
                });
        String fingerprint = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        long withAudio = tracks.stream().filter(TrackFeatures::hasAudio).count();
        System.out.printf("catalogue: %d tracks (%d with audio); history: %d listens of catalogue tracks (%d of unknown tracks skipped)%n",
                tracks.size(), withAudio, listens.size(), skipped[0]);

        CoListening.Split split = CoListening.split(listens, window, validationFraction, seed);
        System.out.printf("co-listened pairs (window %d): %d from %d training users, %d from %d held-out users%n",
                window, split.train().size(), split.trainUsers(), split.validation().size(), split.validationUsers());
        if (split.train().size() < batch) {
            System.err.println("need at least --batch=" + batch + " training pairs, found " + split.train().size());
            return 2;
        }

        List<TrackFeaturizer.Sparse> sparse = tracks.stream().map(TrackFeaturizer::sparse).toList();
        Map<String, float[]> weights;
        List<Double> losses;
        long trainStart = System.nanoTime();
        try (TrackTrainer trainer = new TrackTrainer(new TrackTrainer.Config(batch, learningRate, temperature, artistDropout,
                titleDropout, audioDropout, threads), TrackNetwork.initialWeights(seed));
             ProgressBar bar = new ProgressBar("train", steps)) {
            double[] ema = {Double.NaN};
            losses = trainer.fit(sparse, split.train(), steps, seed, step -> bar.step());
            for (double l : losses) ema[0] = Double.isNaN(ema[0]) ? l : 0.98 * ema[0] + 0.02 * l;
            bar.setExtraMessage(String.format("loss %.3f", ema[0]));
            weights = trainer.weights();
        }
        Duration trainTime = Duration.ofNanos(System.nanoTime() - trainStart);

        Map<String, Double> metrics = new LinkedHashMap<>();
        List<int[]> queries = TrackRetrievalEval.queries(split.validation(), evalQueries, seed);
        Files.createDirectories(outDir);
        Path modelDir = outDir.resolve("model");
        try (TrackInferenceGraph graph = new TrackInferenceGraph(weights, threads)) {
            List<float[]> full = graph.encode(tracks);
            List<float[]> tagsOnly = graph.encode(tracks.stream().map(TrackFeatures::tagsOnly).toList());
            record Method(String name, TrackRetrievalEval.Scorer scorer) {
            }
            for (Method m : List.of(new Method("model", TrackRetrievalEval.cosine(full)),
                    new Method("modelTagsOnly", TrackRetrievalEval.cosine(tagsOnly)),
                    new Method("tagTfIdf", TrackRetrievalEval.tagTfIdf(tracks)),
                    new Method("popularity", TrackRetrievalEval.popularity(tracks.size(), split.train())))) {
                double[] positions = TrackRetrievalEval.positions(queries, m.scorer());
                metrics.put(m.name() + ".recall@10", TrackRetrievalEval.recall(positions, 10));
                metrics.put(m.name() + ".recall@50", TrackRetrievalEval.recall(positions, 50));
            }
            metrics.put("random.recall@10", 10.0 / (tracks.size() - 1));
            metrics.put("random.recall@50", 50.0 / (tracks.size() - 1));

            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("dataFingerprint", fingerprint);
            extra.put("tracks", Integer.toString(tracks.size()));
            extra.put("audioTrainingTracks", Long.toString(withAudio));
            extra.put("trainPairs", Integer.toString(split.train().size()));
            extra.put("steps", Integer.toString(steps));
            extra.put("finalLoss", String.format(Locale.ROOT, "%.4f", tail(losses)));
            metrics.forEach((k, v) -> extra.put(k, String.format(Locale.ROOT, "%.4f", v)));
            TrackModelExporter.export(graph, version, modelDir, extra);
        }
        SavedModelTrackEncoder.load(modelDir, 1).close();

        String json = metricsJson(fingerprint, tracks.size(), withAudio, listens.size(), split, queries.size(), tail(losses),
                trainTime, metrics);
        Files.writeString(outDir.resolve("metrics.json"), json);
        TrainAudioMain.plot(losses, outDir.resolve("loss.png"));

        System.out.printf("%nmodel %s: InfoNCE %.3f (chance %.3f), trained in %s%n", version, tail(losses),
                Math.log(batch), trainTime);
        System.out.printf("held-out co-listening, %d queries among %d tracks:%n", queries.size(), tracks.size());
        System.out.printf("  %-34s %10s %10s%n", "method", "recall@10", "recall@50");
        for (String m : List.of("model", "modelTagsOnly", "tagTfIdf", "popularity", "random")) {
            System.out.printf("  %-34s %10.4f %10.4f%n", m, metrics.get(m + ".recall@10"), metrics.get(m + ".recall@50"));
        }
        System.out.printf("  SavedModel: %s%n  metrics:    %s%n", modelDir, outDir.resolve("metrics.json"));

        if (register) {
            ModelRegistry registry = new ModelRegistry(jdbc, TrackModelSpec.KIND);
            registry.register(version, fingerprint, json, ModelArchive.pack(modelDir));
            System.out.println("registered " + version + " as " + TrackModelSpec.KIND);
            if (activate) {
                registry.activate(version);
                System.out.println("activated " + version + "; running embedding services pick it up at their next poll");
            }
        }
        System.out.println("total " + Duration.ofNanos(System.nanoTime() - started));
        return 0;
    }

    private String metricsJson(String fingerprint, int tracks, long withAudio, int listens, CoListening.Split split,
                               int queries, double loss, Duration trainTime, Map<String, Double> metrics) {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"version\": \"").append(version).append("\",\n");
        json.append("  \"dataFingerprint\": \"").append(fingerprint).append("\",\n");
        json.append("  \"tracks\": ").append(tracks).append(",\n");
        json.append("  \"tracksWithAudio\": ").append(withAudio).append(",\n");
        json.append("  \"listens\": ").append(listens).append(",\n");
        json.append("  \"window\": ").append(window).append(",\n");
        json.append("  \"trainPairs\": ").append(split.train().size()).append(",\n");
        json.append("  \"validationUsers\": ").append(split.validationUsers()).append(",\n");
        json.append("  \"validationQueries\": ").append(queries).append(",\n");
        json.append("  \"steps\": ").append(steps).append(", \"batch\": ").append(batch)
                .append(", \"temperature\": ").append(temperature).append(", \"learningRate\": ").append(learningRate).append(",\n");
        json.append("  \"finalLoss\": ").append(String.format(Locale.ROOT, "%.4f", loss)).append(",\n");
        json.append("  \"trainSeconds\": ").append(trainTime.toSeconds());
        metrics.forEach((k, v) -> json.append(",\n  \"").append(k).append("\": ").append(String.format(Locale.ROOT, "%.4f", v)));
        return json.append("\n}\n").toString();
    }

    private DataSource dataSource() {
        return database.dataSource(schema);
    }

    private static float[] floats(Array array) throws java.sql.SQLException {
        Object[] values = (Object[]) array.getArray();
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) values[i]).floatValue();
        return v;
    }

    private static double tail(List<Double> losses) {
        int n = Math.min(50, losses.size());
        return losses.subList(losses.size() - n, losses.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
