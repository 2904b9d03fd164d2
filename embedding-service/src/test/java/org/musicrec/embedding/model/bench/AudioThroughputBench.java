package org.musicrec.embedding.model.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.musicrec.embedding.audio.AudioDecoder;
import org.musicrec.embedding.audio.AudioLimits;
import org.musicrec.embedding.audio.Pcm;
import org.musicrec.embedding.model.SavedModelAudioEncoder;

/**
 * Harness, not a test: audio seconds embedded per wall second (decode + front end + encoder) with W workers,
 * single-upload latency, and resident memory over many embeddings.
 *
 * <pre>java -cp ... org.musicrec.embedding.model.bench.AudioThroughputBench MODEL_DIR AUDIO_DIR [workers] [embeddings]</pre>
 */
public final class AudioThroughputBench {

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        Path audioDir = Path.of(args[1]);
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int embeddings = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(audioDir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".ogg")).sorted().toList()) files.add(Files.readAllBytes(p));
        }
        AudioDecoder decoder = new AudioDecoder(AudioLimits.offline());
        try (SavedModelAudioEncoder encoder = SavedModelAudioEncoder.load(modelDir, 1)) {
            for (byte[] f : files) encoder.embed(decoder.decode(f)); // warm-up

            // throughput: every file decoded and embedded once per worker round
            AtomicLong samples = new AtomicLong();
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                for (byte[] f : files) {
                    jobs.add(pool.submit(() -> {
                        Pcm pcm = decoder.decode(f);
                        encoder.embed(pcm);
                        samples.addAndGet(pcm.samples().length);
                    }));
                }
            }
            for (Future<?> j : jobs) j.get();
            double wall = (System.nanoTime() - t0) / 1e9;
            double audio = samples.get() / 16_000.0;
            System.out.printf("throughput: %.0f s of audio in %.1f s wall with %d workers = %.0fx real time%n",
                    audio, wall, workers, audio / wall);

            // latency: one 30 s upload at a time
            byte[] upload = files.get(0);
            double[] ms = new double[20];
            for (int i = 0; i < ms.length; i++) {
                long s = System.nanoTime();
                encoder.embed(decoder.decode(upload));
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("single upload (%.0f s clip): p50 %.0f ms, p95 %.0f ms%n",
                    decoder.decode(upload).durationSeconds(), ms[ms.length / 2], ms[(int) (ms.length * 0.95)]);

            // memory: short 5 s clips, many times, both paths
            Pcm clip = decoder.decode(upload).slice(0, 5);
            long rssStart = rssKb();
            for (int i = 1; i <= embeddings; i++) {
                encoder.embed(i % 10 == 0 ? decoder.decode(upload) : clip);
                if (i % (embeddings / 5) == 0) System.out.printf("after %d embeddings: RSS %d MB%n", i, rssKb() / 1024);
            }
            System.out.printf("RSS start %d MB, end %d MB%n", rssStart / 1024, rssKb() / 1024);
            pool.shutdown();
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }
}
