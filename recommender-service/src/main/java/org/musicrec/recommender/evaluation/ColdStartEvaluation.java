package org.musicrec.recommender.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.musicrec.recommender.ranking.AttentionConfig;
import org.musicrec.recommender.ranking.AttentionModel;
import org.musicrec.recommender.ranking.AttentionScorer;
import org.musicrec.recommender.ranking.AttentionTrainer;
import org.musicrec.recommender.ranking.ItemFeatures;
import org.musicrec.recommender.ranking.ItemScorer;

/**
 * {@code evaluate --cold-start}: how the ranker places tracks it has never seen, from their tags alone (see
 * {@link ColdStartSplit}). The attention model trains with the cold items' id embeddings fixed at zero and masked
 * out of its softmax, so at test time their vectors are their tag content only. Two questions, same test cases:
 * <ul>
 *   <li><b>among new tracks</b>: rank the held-out item among all held-out items (which new release fits this
 *   listener?);</li>
 *   <li><b>full catalogue</b>: rank it among every item except the input history.</li>
 * </ul>
 * Baselines: popularity with the <i>oracle</i> counts of the whole data set (a new track cannot have them; an upper
 * reference rather than a fair competitor), popularity of training (a new track has none: it ties with every other
 * new track), the tag-profile content match, and random scores.
 */
final class ColdStartEvaluation {

    private ColdStartEvaluation() {
    }

    static int run(InteractionData data, Path hetrec, double fraction, AttentionOptions options, Path out,
                   PrintStream console) throws IOException {
        int itemCount = data.vocabulary().size();
        AttentionConfig config = options.config();
        ColdStartSplit split = ColdStartSplit.of(data.sequences(), options.shuffleDays ? data.days() : null, itemCount,
                fraction, config.seed());
        int[] coldItems = split.coldItems();
        ItemFeatures features = options.features(data.vocabulary(), ItemTags.hetrec(hetrec, heldOutPairs(data, split)));
        if (features == null) {
            throw new IllegalArgumentException("--cold-start ranks tracks by their tags: it needs --tags and HetRec's"
                    + " user_taggedartists.dat");
        }
        int tagged = 0;
        for (int target : split.testTargets()) {
            if (features.tagWeights()[target * features.perItem()] > 0f) {
                tagged++;
            }
        }
        console.printf(Locale.ROOT, "cold start: %d of %d items held out (%.0f%%), %d test cases (first new track of a"
                        + " user), %d of them with tags from other listeners; %d validation users%n", coldItems.length,
                itemCount, 100 * fraction, split.testTargets().length, tagged, split.validTargets().length);

        long start = System.nanoTime();
        AttentionModel model = new AttentionTrainer(config).withContentOnlyItems(split.cold()).train(split.train(),
                split.trainDays(), itemCount, features,
                scorer -> Evaluator.fullRanking(scorer, split.validInputs(), split.validTargets()).ndcg(10),
                e -> console.printf(Locale.ROOT, "epoch %3d  loss %.4f  val NDCG@10 %.4f  (%.1f s)%n",
                        e.epoch(), e.loss(), e.validationNdcg(), e.seconds()));
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        int[][] candidates = new int[split.testTargets().length][];
        Arrays.fill(candidates, coldItems);
        Map<String, ItemScorer> scorers = new LinkedHashMap<>();
        scorers.put("popularity-oracle", new PopularityScorer(data.sequences(), itemCount));
        scorers.put("popularity", new PopularityScorer(split.train(), itemCount));
        scorers.put("tag-profile", new TagProfileScorer(features));
        scorers.put("random", randomScores(itemCount, config.seed()));
        Map<String, Map<String, Double>> amongNew = new LinkedHashMap<>();
        Map<String, Map<String, Double>> fullCatalogue = new LinkedHashMap<>();
        try (AttentionScorer attention = model.openScorer()) {
            scorers.put("attention", attention);
            for (Map.Entry<String, ItemScorer> s : scorers.entrySet()) {
                amongNew.put(s.getKey(), Evaluator.sampled(s.getValue(), split.testInputs(), split.testTargets(),
                        candidates).summary());
                fullCatalogue.put(s.getKey(), Evaluator.fullRanking(s.getValue(), split.testInputs(),
                        split.testTargets()).summary());
            }
        }
        Files.createDirectories(out);
        MetricsReport newTracks = new MetricsReport("cold-start-among-new-tracks", split.testTargets().length,
                coldItems.length, trainSeconds, amongNew);
        MetricsReport full = new MetricsReport("cold-start-full-catalogue", split.testTargets().length, itemCount,
                trainSeconds, fullCatalogue);
        console.printf(Locale.ROOT, "%ntrained in %.1f s (best epoch %d)%n%nranked among the %d new tracks:%n%s%n"
                        + "ranked in the full catalogue:%n%s", trainSeconds, model.bestEpoch(), coldItems.length,
                newTracks.table(), full.table());
        newTracks.writeJson(out.resolve("cold-start-new-tracks.json"));
        full.writeJson(out.resolve("cold-start-full-catalogue.json"));
        console.println("wrote " + out.resolve("cold-start-new-tracks.json") + " and cold-start-full-catalogue.json");
        return 0;
    }

    /** The (user, cold item) pairs of the test cases: their own tagging is the held-out listen. */
    private static Set<String> heldOutPairs(InteractionData data, ColdStartSplit split) {
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < split.testTargets().length; i++) {
            pairs.add(data.users().get(split.testUsers()[i]) + "\t" + data.vocabulary().idAt(split.testTargets()[i]));
        }
        return pairs;
    }

    private static ItemScorer randomScores(int itemCount, long seed) {
        Random random = new Random(seed);
        return histories -> {
            float[][] scores = new float[histories.length][itemCount + 1];
            for (float[] row : scores) {
                for (int item = 1; item <= itemCount; item++) {
                    row[item] = random.nextFloat();
                }
            }
            return scores;
        };
    }
}
