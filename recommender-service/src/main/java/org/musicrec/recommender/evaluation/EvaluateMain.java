package org.musicrec.recommender.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.musicrec.recommender.ranking.AttentionConfig;
import org.musicrec.recommender.ranking.AttentionModel;
import org.musicrec.recommender.ranking.AttentionModelExporter;
import org.musicrec.recommender.ranking.AttentionScorer;
import org.musicrec.recommender.ranking.AttentionTrainer;
import org.musicrec.recommender.ranking.ItemFeatures;
import org.musicrec.recommender.ranking.ItemScorer;
import org.musicrec.support.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offline evaluation without a Spring context: leave-one-out split, popularity, item-kNN and the
 * attention model trained and scored on the same split; prints a table, writes metrics.json and plots.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Train and evaluate the attention ranker against popularity and item-kNN baselines.")
public final class EvaluateMain implements Callable<Integer> {

    private static final int[] KNN_NEIGHBOURHOODS = {20, 50, 100, 200, 0};

    @Option(names = "--hetrec", description = "HetRec Last.fm directory (reads user_artist_sequence.tsv)",
            defaultValue = "../shared/data/hetrec2011-lastfm-2k")
    Path hetrec;

    @Option(names = "--sequences", description = "one user per line: user item item ... (oldest first); overrides --hetrec")
    Path sequences;

    @Option(names = "--negatives", description = "sampled protocol: one line per user: user neg neg ...")
    Path negatives;

    @Option(names = "--out", description = "output directory for metrics.json, plots and the model",
            defaultValue = "evaluation-out")
    Path out;

    @Option(names = "--cold-start", description = "item cold start instead: hold out --cold-fraction of the artists"
            + " from training and rank them for their first listeners from their tags alone (HetRec only)")
    boolean coldStart;

    @Option(names = "--cold-fraction", defaultValue = "0.1",
            description = "share of the artists held out by --cold-start; default ${DEFAULT-VALUE}")
    double coldFraction;

    @Option(names = "--day-orders", defaultValue = "1",
            description = "with dates: also report the attention model scored as the mean over this many random orders"
                    + " of each day of the input (the order within a day is not recorded); 1 = off; default ${DEFAULT-VALUE}")
    int dayOrders;

    @CommandLine.Mixin
    AttentionOptions attention = new AttentionOptions();

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(CommandLines.run(new EvaluateMain(), args));
    }

    @Override
    public Integer call() throws IOException {
        PrintStream console = System.out;
        attention.config(); // bad hyper-parameters are refused before any data is read or trained on
        if (coldStart && (sequences != null || negatives != null)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--cold-start needs --hetrec (tags) and uses its own candidates: drop --sequences/--negatives");
        }
        InteractionData data = sequences != null ? InteractionData.sequences(sequences) : InteractionData.hetrec(hetrec);
        if (coldStart) {
            return ColdStartEvaluation.run(data, hetrec, coldFraction, attention, out, console);
        }
        int itemCount = data.vocabulary().size();
        LeaveOneOutSplit split = LeaveOneOutSplit.of(data.sequences());
        console.printf(Locale.ROOT, "data: %d users (%d evaluated), %d items, %d interactions%n",
                data.users().size(), split.evaluated().length, itemCount, data.interactions());
        int[][] testNegatives = negatives == null ? null : readNegatives(data, split);
        Files.createDirectories(out);

        Map<String, Map<String, Double>> models = new LinkedHashMap<>();
        PopularityScorer popularity = new PopularityScorer(split.train(), itemCount);
        models.put("popularity", test(popularity, split, testNegatives));

        ItemKnnScorer knn = bestKnn(split.train(), split, itemCount, console);
        models.put("item-knn", test(knn, split, testNegatives));

        java.util.Set<String> heldOut = heldOutPairs(data, split);
        Map<String, java.util.Set<String>> hetrecPlays = sequences != null ? Map.of()
                : CoListening.hetrecPlays(hetrec, heldOut);
        Map<String, java.util.Set<String>> plays = CoListening.withHistories(hetrecPlays, data.users(), split.train(),
                data.vocabulary());
        if (!hetrecPlays.isEmpty()) {
            // the attention model sees who played what (user_artists.dat): so does this baseline
            console.println("item-knn on co-listening (user_artists.dat without the held-out pairs, plus the training histories):");
            models.put("item-knn-co-listening", test(bestKnn(CoListening.baskets(plays, data.vocabulary()), split,
                    itemCount, console), split, testNegatives));
        }

        AttentionConfig config = attention.config();
        int[][] days = attention.shuffleDays ? data.daysOfPrefixes(split.train()) : null;
        ItemFeatures features = attention.features(data.vocabulary(),
                sequences != null ? Map.of() : ItemTags.hetrec(hetrec, heldOut), plays);
        console.println("attention: " + config + (days != null ? ", same-day items shuffled every epoch" : "")
                + (attention.dayTargets && days != null ? ", day targets" : "")
                + (features != null ? ", item features (" + features.tags().size() + " tags and co-listened items, "
                        + features.itemsWithTags() + " items with features)" : ""));
        long start = System.nanoTime();
        AttentionModel network = new AttentionTrainer(config, attention.dayTargets && days != null)
                .withAveragedEpochs(attention.averagedEpochs()).train(split.train(), days, itemCount, features,
                scorer -> Evaluator.fullRanking(scorer, split.validInputs(), split.validTargets()).ndcg(10),
                e -> console.printf(Locale.ROOT, "epoch %3d  loss %.4f  val NDCG@10 %.4f  (%.1f s)%n",
                        e.epoch(), e.loss(), e.validationNdcg(), e.seconds()));
        AttentionModel model = PopularityPrior.tune(network, popularity.counts(), attention.priorWeights,
                split.validInputs(), split.validTargets(), console);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        console.printf(Locale.ROOT, "trained in %.1f s; best epoch %d%s (val NDCG@10 %.4f without prior)%n",
                trainSeconds, model.bestEpoch(), model.averagedEpochs().isEmpty() ? ""
                        : ", weights averaged over epochs " + model.averagedEpochs(), model.bestValidationNdcg());
        if (model.priorWeight() != 0f) {
            try (AttentionScorer scorer = network.openScorer()) {
                models.put("attention-no-prior", test(scorer, split, testNegatives));
            }
        }
        try (AttentionScorer scorer = model.openScorer()) {
            models.put("attention", test(scorer, split, testNegatives));
            if (dayOrders > 1 && data.days() != null && testNegatives == null) {
                int[][] validDays = daysOfEvaluated(data, split, split.validInputs());
                double validNdcg = Evaluator.fullRankingOverDayOrders(scorer, split.validInputs(), validDays,
                        split.validTargets(), dayOrders, attention.config().seed()).ndcg(10);
                console.printf(Locale.ROOT, "attention averaged over %d day orders: val NDCG@10 %.4f%n", dayOrders, validNdcg);
                models.put("attention-day-orders", Evaluator.fullRankingOverDayOrders(scorer, split.testInputs(),
                        daysOfEvaluated(data, split, split.testInputs()), split.testTargets(), dayOrders,
                        attention.config().seed()).summary());
            }
        }
        Path modelDir = out.resolve("model");
        if (Files.exists(modelDir)) {
            console.println("not exporting: " + modelDir + " exists from an earlier run");
        } else {
            AttentionModelExporter.export(model, data.vocabulary(), "eval-" + System.currentTimeMillis(), modelDir);
        }

        MetricsReport report = new MetricsReport(testNegatives == null ? "full-ranking" : "sampled",
                split.evaluated().length, itemCount, trainSeconds, models);
        console.println();
        console.print(report.table());
        report.writeJson(out.resolve("metrics.json"));
        Plots.training(model.epochs(), out);
        Plots.metrics(models, out);
        console.println("wrote " + out.resolve("metrics.json") + ", plots and the model to " + out);
        return 0;
    }

    /** The days of each evaluated user's input items (inputs are prefixes of the users' sequences). */
    private static int[][] daysOfEvaluated(InteractionData data, LeaveOneOutSplit split, int[][] inputs) {
        int[][] days = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            days[i] = java.util.Arrays.copyOf(data.days()[split.evaluated()[i]], inputs[i].length);
        }
        return days;
    }

    /** The validation and test (user, item) pairs: their tags and plays must not reach the item features. */
    private static java.util.Set<String> heldOutPairs(InteractionData data, LeaveOneOutSplit split) {
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (int i = 0; i < split.evaluated().length; i++) {
            String user = data.users().get(split.evaluated()[i]);
            pairs.add(user + "\t" + data.vocabulary().idAt(split.validTargets()[i]));
            pairs.add(user + "\t" + data.vocabulary().idAt(split.testTargets()[i]));
        }
        return pairs;
    }

    private static Map<String, Double> test(ItemScorer scorer, LeaveOneOutSplit split, int[][] negatives) {
        RankingMetrics metrics = negatives == null
                ? Evaluator.fullRanking(scorer, split.testInputs(), split.testTargets())
                : Evaluator.sampled(scorer, split.testInputs(), split.testTargets(), negatives);
        return metrics.summary();
    }

    /** The neighbourhood size is a hyper-parameter too: pick it on the validation targets, as for attention. */
    private static ItemKnnScorer bestKnn(int[][] baskets, LeaveOneOutSplit split, int itemCount, PrintStream console) {
        ItemKnnScorer best = null;
        double bestNdcg = -1;
        for (int k : KNN_NEIGHBOURHOODS) {
            ItemKnnScorer candidate = new ItemKnnScorer(baskets, itemCount, k);
            double ndcg = Evaluator.fullRanking(candidate, split.validInputs(), split.validTargets()).ndcg(10);
            console.printf(Locale.ROOT, "item-knn k=%s  val NDCG@10 %.4f%n", k == 0 ? "all" : k, ndcg);
            if (ndcg > bestNdcg) {
                bestNdcg = ndcg;
                best = candidate;
            }
        }
        return best;
    }

    private int[][] readNegatives(InteractionData data, LeaveOneOutSplit split) throws IOException {
        Map<String, int[]> byUser = new HashMap<>();
        for (String line : Files.readAllLines(negatives, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            int[] items = new int[fields.length - 1];
            int n = 0;
            for (int i = 1; i < fields.length; i++) {
                int index = data.vocabulary().indexOf(fields[i]);
                if (index > 0) {
                    items[n++] = index;
                }
            }
            byUser.put(fields[0], java.util.Arrays.copyOf(items, n));
        }
        int[][] perEvaluated = new int[split.evaluated().length][];
        List<String> users = data.users();
        for (int i = 0; i < perEvaluated.length; i++) {
            perEvaluated[i] = byUser.get(users.get(split.evaluated()[i]));
        }
        return perEvaluated;
    }
}
