package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.MEL_BINS;
import static org.musicrec.embedding.model.AudioModelSpec.SAMPLE_RATE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
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
 * Trains the audio encoder contrastively on real music and exports it as a SavedModel. Runs without Spring:
 * {@code java -Dloader.main=org.musicrec.embedding.model.TrainAudioMain -jar embedding-service-*-exec.jar [DIR...]}.
 */
@Command(name = "train-audio", mixinStandardHelpOptions = true,
        description = "Train the contrastive audio encoder on audio files under DIRs and export a SavedModel.")
public final class TrainAudioMain implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "DIR",
            description = "Audio files or directories (default: ../shared/data/audio-clips and $MUSICREC_HOME/music/train). "
                    + "Files of the evaluation-only packages (hyperrogue, openclonk, singularity) are always skipped.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--out", description = "Output directory (default: $MUSICREC_HOME/models/audio/<version>).")
    Path out;

    @Option(names = "--steps", defaultValue = "1500", description = "Adam steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Tracks per batch; each gives two crops (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--temperature", defaultValue = "0.1", description = "NT-Xent temperature (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--max-seconds", defaultValue = "300", description = "Seconds used from each track (default: ${DEFAULT-VALUE}).")
    int maxSeconds;

    @Option(names = "--min-seconds", defaultValue = "15", description = "Shorter files are skipped (default: ${DEFAULT-VALUE}).")
    int minSeconds;

    @Option(names = "--threads", defaultValue = "2", description = "TensorFlow threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--context-crops", defaultValue = "0", description = "0: crop pairs (NT-Xent over 2N crops);"
            + " K > 0: each query crop must find the mean of K crops spread over its own track (default: ${DEFAULT-VALUE}).")
    int contextCrops;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--init", description = "Start from the weights.bin of an earlier run instead of random weights.")
    Path init;

    public static void main(String[] args) {
        System.exit(CommandLines.run(new TrainAudioMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        if (dirs.isEmpty()) {
            dirs = new ArrayList<>();
            Path shared = Paths.get("..", "shared", "data", "audio-clips");
            if (Files.isDirectory(shared)) dirs.add(shared);
            Path fetched = AudioFiles.musicHome().resolve("music").resolve("train");
            if (Files.isDirectory(fetched)) dirs.add(fetched);
            if (dirs.isEmpty()) {
                System.err.println("no training audio found; run scripts/fetch-debian-music.sh train or pass DIRs");
                return 2;
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path f : AudioFiles.find(dirs)) {
            if (AudioFiles.reservedForEvaluation(f)) System.out.println("skipping (reserved for evaluation): " + f.getFileName());
            else files.add(f);
        }
        String version = "audio-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path outDir = out != null ? out : AudioFiles.musicHome().resolve("models").resolve("audio").resolve(version);

        List<CropSampler.Track> tracks = loadTracks(files);
        double seconds = tracks.stream().mapToDouble(t -> t.frames() * (double) AudioModelSpec.HOP / SAMPLE_RATE).sum();
        System.out.printf("training on %d tracks, %.0f s of audio (%d files found)%n", tracks.size(), seconds, files.size());
        if (tracks.size() < 2) {
            System.err.println("need at least 2 tracks of " + minSeconds + " s or more to contrast, found " + tracks.size());
            return 2;
        }
        if (tracks.size() < batch) {
            // few tracks (e.g. only the shared clips): a smaller batch still contrasts every track with the others
            System.out.printf("only %d tracks: using --batch=%d instead of %d%n", tracks.size(), tracks.size(), batch);
            batch = tracks.size();
        }

        CropSampler sampler = new CropSampler(tracks, seed, true);
        List<Double> losses = new ArrayList<>();
        AudioWeights weights;
        long trainStart = System.nanoTime();
        try (ContrastiveTrainer trainer = new ContrastiveTrainer(
                new ContrastiveTrainer.Config(batch, learningRate, temperature, threads, contextCrops), initialWeights());
             ProgressBar bar = new ProgressBar("train", steps)) {
            double ema = Double.NaN;
            for (int step = 0; step < steps; step++) {
                double loss = trainer.step(contextCrops == 0 ? sampler.batch(batch) : sampler.cropToTrackBatch(batch, contextCrops));
                losses.add(loss);
                ema = Double.isNaN(ema) ? loss : 0.98 * ema + 0.02 * loss;
                bar.step();
                bar.setExtraMessage(String.format("loss %.3f", ema));
            }
            weights = trainer.weights();
        }
        Duration trainTime = Duration.ofNanos(System.nanoTime() - trainStart);

        Files.createDirectories(outDir);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("dataFingerprint", AudioFiles.fingerprint(files));
        extra.put("tracks", Integer.toString(tracks.size()));
        extra.put("trainingSeconds", String.format("%.0f", seconds));
        extra.put("steps", Integer.toString(steps));
        extra.put("batchTracks", Integer.toString(batch));
        extra.put("temperature", Float.toString(temperature));
        extra.put("contextCrops", Integer.toString(contextCrops));
        if (init != null) extra.put("initialisedFrom", init.toString());
        extra.put("finalLoss", String.format("%.4f", tail(losses)));
        extra.put("trainWallSeconds", Long.toString(trainTime.toSeconds()));
        AudioModelExporter.export(weights, version, outDir.resolve("model"), extra);
        AudioModelExporter.writeWeights(weights, outDir.resolve("weights.bin"));
        plot(losses, outDir.resolve("loss.png"));
        System.out.printf("model %s: final loss %.3f (chance %.3f), trained in %s; total %s%n  SavedModel: %s%n  loss plot: %s%n",
                version, tail(losses), Math.log(contextCrops == 0 ? 2 * batch - 1 : batch), trainTime, Duration.ofNanos(System.nanoTime() - started),
                outDir.resolve("model"), outDir.resolve("loss.png"));
        return 0;
    }

    private AudioWeights initialWeights() throws java.io.IOException {
        if (init == null) return AudioNetwork.initialWeights(seed);
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(init))) {
            return AudioWeights.read(in);
        }
    }

    private List<CropSampler.Track> loadTracks(List<Path> files) {
        AudioDecoder decoder = new AudioDecoder(AudioLimits.offline());
        List<CropSampler.Track> tracks = new ArrayList<>();
        try (LogMelExtractor extractor = new LogMelExtractor(threads);
             ProgressBar bar = new ProgressBar("features", files.size())) {
            for (Path file : files) {
                bar.step();
                bar.setExtraMessage(file.getFileName().toString());
                Pcm pcm;
                try {
                    pcm = decoder.decode(file);
                } catch (InvalidAudioException e) {
                    System.err.println("skipping " + file.getFileName() + ": " + e.kind() + " " + e.getMessage());
                    continue;
                }
                if (pcm.durationSeconds() < minSeconds) continue;
                if (pcm.durationSeconds() > maxSeconds) pcm = pcm.slice(0, maxSeconds);
                float[] logMel = extractor.extract(pcm.samples());
                if (logMel.length / MEL_BINS >= AudioModelSpec.CROP_FRAMES) {
                    tracks.add(new CropSampler.Track(AudioFiles.trackName(file), logMel));
                }
            }
        }
        return tracks;
    }

    private static double tail(List<Double> losses) {
        int n = Math.min(50, losses.size());
        return losses.subList(losses.size() - n, losses.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static void plot(List<Double> losses, Path file) throws java.io.IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Audio encoder: NT-Xent loss")
                .xAxisTitle("step").yAxisTitle("loss").build();
        double[] x = new double[losses.size()], raw = new double[losses.size()], smooth = new double[losses.size()];
        double ema = losses.isEmpty() ? 0 : losses.get(0);
        for (int i = 0; i < losses.size(); i++) {
            x[i] = i + 1;
            raw[i] = losses.get(i);
            ema = 0.98 * ema + 0.02 * raw[i];
            smooth[i] = ema;
        }
        chart.addSeries("batch loss", x, raw).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        chart.addSeries("moving average", x, smooth).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
