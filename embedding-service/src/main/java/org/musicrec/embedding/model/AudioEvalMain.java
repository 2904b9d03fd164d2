package org.musicrec.embedding.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import me.tongfei.progressbar.ProgressBar;
import org.musicrec.embedding.audio.AudioDecoder;
import org.musicrec.embedding.audio.AudioLimits;
import org.musicrec.embedding.audio.InvalidAudioException;
import org.musicrec.embedding.audio.Pcm;
import org.musicrec.support.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Crop-to-track retrieval on music the encoder never heard: every track is embedded whole, then random crops of
 * each must find their own track among all of them. Reports recall@1, recall@5 and the mean cosine of a crop to
 * its own track and to the others; writes {@code audio-metrics.json}. Runs without Spring.
 */
@Command(name = "audio-eval", mixinStandardHelpOptions = true,
        description = "Evaluate an audio encoder by crop -> track retrieval on audio under DIRs.")
public final class AudioEvalMain implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "Audio files or directories (default: $MUSICREC_HOME/music/eval).")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--model", description = "SavedModel directory (default: the newest $MUSICREC_HOME/models/audio/*/model).")
    Path model;

    @Option(names = "--untrained", description = "Evaluate a randomly initialised network instead (a baseline).")
    boolean untrained;

    @Option(names = "--out", description = "Directory for audio-metrics.json.")
    Path out;

    @Option(names = "--queries", defaultValue = "5", description = "Random crops per track (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--crop-seconds", defaultValue = "5", description = "Query crop length (default: ${DEFAULT-VALUE}).")
    double cropSeconds;

    @Option(names = "--min-seconds", defaultValue = "20", description = "Shorter files (jingles, effects) are skipped (default: ${DEFAULT-VALUE}).")
    double minSeconds;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    record Metrics(int tracks, int queries, double recallAt1, double recallAt5, double sameTrackCos, double otherTrackCos) {
        String json() {
            return String.format(Locale.ROOT, "{\"tracks\": %d, \"queries\": %d, \"recall@1\": %.4f, \"recall@5\": %.4f, "
                    + "\"sameTrackCos\": %.4f, \"otherTrackCos\": %.4f}%n", tracks, queries, recallAt1, recallAt5, sameTrackCos, otherTrackCos);
        }
    }

    public static void main(String[] args) {
        System.exit(CommandLines.run(new AudioEvalMain(), args));
    }

    @Override
    public Integer call() throws IOException {
        if (dirs.isEmpty()) dirs = List.of(AudioFiles.musicHome().resolve("music").resolve("eval"));
        List<Path> files = AudioFiles.find(dirs);
        try (AudioEncoder encoder = openEncoder()) {
            System.out.println("model " + encoder.modelVersion() + ", " + files.size() + " files");
            Metrics m = evaluate(encoder, files);
            System.out.println();
            System.out.println("| tracks | queries | recall@1 | recall@5 | same-track cos | other-track cos |");
            System.out.println("|-------:|--------:|---------:|---------:|---------------:|----------------:|");
            System.out.printf(Locale.ROOT, "| %6d | %7d | %8.3f | %8.3f | %14.3f | %15.3f |%n",
                    m.tracks(), m.queries(), m.recallAt1(), m.recallAt5(), m.sameTrackCos(), m.otherTrackCos());
            if (out != null) {
                Files.createDirectories(out);
                Files.writeString(out.resolve("audio-metrics.json"), m.json(), StandardCharsets.UTF_8);
                System.out.println("wrote " + out.resolve("audio-metrics.json"));
            }
        }
        return 0;
    }

    private AudioEncoder openEncoder() throws IOException {
        if (untrained) return new GraphAudioEncoder(AudioNetwork.initialWeights(seed), "untrained-" + seed, threads);
        Path dir = model != null ? model : newestModel(AudioFiles.musicHome().resolve("models").resolve("audio"));
        return SavedModelAudioEncoder.load(dir, threads);
    }

    /**
     * The newest {@code root/RUN/model}. Models are read from disk only: one that exists only in the model registry
     * (e.g. one the demo reused from an earlier run) is not found here.
     */
    static Path newestModel(Path root) throws IOException {
        try (Stream<Path> runs = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return runs.map(r -> r.resolve("model")).filter(Files::isDirectory)
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalArgumentException("no trained model under " + root + " (audio-eval"
                            + " reads models from disk, not from the model registry); pass --model DIR with an exported"
                            + " model, or train one with ./musicrec train audio"));
        }
    }

    Metrics evaluate(AudioEncoder encoder, List<Path> files) {
        AudioDecoder decoder = new AudioDecoder(AudioLimits.offline());
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        List<float[]> trackVectors = new ArrayList<>();
        List<float[]> queryVectors = new ArrayList<>();
        List<Integer> queryTrack = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar("embed", files.size())) {
            for (Path file : files) {
                bar.step();
                Pcm pcm;
                try {
                    pcm = decoder.decode(file);
                } catch (InvalidAudioException e) {
                    System.err.println("skipping " + file.getFileName() + ": " + e.kind() + " " + e.getMessage());
                    continue;
                }
                if (pcm.durationSeconds() < minSeconds) continue;
                int track = names.size();
                names.add(AudioFiles.trackName(file));
                trackVectors.add(encoder.embed(pcm).vector());
                for (int q = 0; q < queries; q++) {
                    double start = random.nextDouble() * (pcm.durationSeconds() - cropSeconds);
                    queryVectors.add(encoder.embed(pcm.slice(start, start + cropSeconds)).vector());
                    queryTrack.add(track);
                }
            }
        }
        if (names.size() < 2) throw new IllegalArgumentException("need at least 2 tracks of " + minSeconds + " s or more");
        int hits1 = 0, hits5 = 0;
        double same = 0, other = 0;
        java.util.Map<String, Integer> confusions = new java.util.TreeMap<>();
        for (int q = 0; q < queryVectors.size(); q++) {
            int own = queryTrack.get(q);
            double ownCos = Vectors.dot(queryVectors.get(q), trackVectors.get(own));
            int better = 0;
            double otherSum = 0;
            int top = -1;
            double topCos = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < trackVectors.size(); t++) {
                if (t == own) continue;
                double c = Vectors.dot(queryVectors.get(q), trackVectors.get(t));
                otherSum += c;
                if (c >= ownCos) better++;
                if (c > topCos) {
                    topCos = c;
                    top = t;
                }
            }
            if (better > 0) confusions.merge(names.get(own) + "  ->  " + names.get(top), 1, Integer::sum);
            if (better == 0) hits1++;
            if (better < 5) hits5++;
            same += ownCos;
            other += otherSum / (trackVectors.size() - 1);
        }
        int n = queryVectors.size();
        if (!confusions.isEmpty()) {
            System.out.println("most frequent misses (query's track -> track ranked first):");
            confusions.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %3d  %s%n", e.getValue(), e.getKey()));
        }
        return new Metrics(names.size(), n, hits1 / (double) n, hits5 / (double) n, same / n, other / n);
    }
}
