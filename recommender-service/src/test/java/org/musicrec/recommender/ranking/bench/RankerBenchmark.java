package org.musicrec.recommender.ranking.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.musicrec.recommender.ranking.AttentionConfig;
import org.musicrec.recommender.ranking.AttentionModel;
import org.musicrec.recommender.ranking.AttentionModelExporter;
import org.musicrec.recommender.ranking.AttentionTrainer;
import org.musicrec.recommender.ranking.ItemVocabulary;
import org.musicrec.recommender.ranking.SavedModelRanker;
import org.musicrec.recommender.ranking.ScoredTrack;

/**
 * Harness (not a test): one recommendation for a 50-track history over a 20,000-track catalogue through
 * the loaded SavedModel. Prints p50/p99 latency, single-thread and multi-thread throughput, and the
 * process RSS every 10% of the calls so that a native leak shows as growth.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) org.musicrec.recommender.ranking.bench.RankerBenchmark [calls] [threads]}
 */
public final class RankerBenchmark {

    private static final int CATALOGUE = 20_000;
    private static final int HISTORY = 50;

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("ranker-bench");
        ItemVocabulary vocabulary = ItemVocabulary.of(
                IntStream.rangeClosed(1, CATALOGUE).mapToObj(i -> "track-" + i).toList());
        export(vocabulary, dir.resolve("model"));
        Random random = new Random(3);
        List<List<String>> histories = new ArrayList<>();
        for (int h = 0; h < 1000; h++) {
            histories.add(random.ints(HISTORY, 1, CATALOGUE + 1).mapToObj(vocabulary::idAt).toList());
        }
        try (SavedModelRanker ranker = SavedModelRanker.load(dir.resolve("model"))) {
            for (int i = 0; i < 2_000; i++) {
                recommend(ranker, histories.get(i % histories.size()));
            }
            long rssStart = rssKb();
            long[] nanos = new long[calls];
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t = System.nanoTime();
                recommend(ranker, histories.get(i % histories.size()));
                nanos[i] = System.nanoTime() - t;
                if ((i + 1) % Math.max(1, calls / 10) == 0) {
                    System.out.printf(Locale.ROOT, "calls %7d  RSS %,d KiB%n", i + 1, rssKb());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "single thread: %d calls, p50 %.2f ms, p99 %.2f ms, %.0f req/s%n",
                    calls, nanos[calls / 2] / 1e6, nanos[(int) (calls * 0.99)] / 1e6, calls / seconds);
            System.out.printf(Locale.ROOT, "RSS after warm-up %,d KiB, after %d calls %,d KiB%n", rssStart, calls, rssKb());

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicLong done = new AtomicLong();
            int parallelCalls = Math.max(threads, calls / 5);
            long parallelStart = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = offset; i < parallelCalls; i += threads) {
                        recommend(ranker, histories.get(i % histories.size()));
                        done.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            System.out.printf(Locale.ROOT, "%d threads: %d calls, %.0f req/s%n", threads, done.get(),
                    done.get() / ((System.nanoTime() - parallelStart) / 1e9));
        }
    }

    private static List<ScoredTrack> recommend(SavedModelRanker ranker, List<String> history) {
        java.util.Set<String> played = new java.util.HashSet<>(history);
        return ranker.rank(history, 20, id -> !played.contains(id));
    }

    /** Default-sized model with briefly trained (not tuned) weights: latency does not depend on their values. */
    private static void export(ItemVocabulary vocabulary, Path dir) throws IOException {
        Random random = new Random(1);
        int[][] sequences = new int[64][];
        for (int u = 0; u < sequences.length; u++) {
            sequences[u] = random.ints(HISTORY + 1, 1, CATALOGUE + 1).toArray();
        }
        AttentionModel model = new AttentionTrainer(AttentionConfig.defaults().withMaxEpochs(1))
                .train(sequences, CATALOGUE, scorer -> 0.0, e -> { });
        AttentionModelExporter.export(model, vocabulary, "bench", dir);
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }
}
