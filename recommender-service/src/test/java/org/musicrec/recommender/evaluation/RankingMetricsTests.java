package org.musicrec.recommender.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTests {

    @Test
    void hitRateNdcgAndMrrMatchHandComputedValues() {
        RankingMetrics metrics = new RankingMetrics();
        metrics.add(0);   // first: hit everywhere, gain 1, rr 1
        metrics.add(2);   // third: gain 1/log2(4) = 0.5, rr 1/3
        metrics.add(9);   // tenth: only @10 and @20, gain 1/log2(11), rr 1/10
        metrics.add(30);  // miss, rr 1/31

        Map<String, Double> summary = metrics.summary();

        assertThat(summary.keySet()).containsExactly("HR@5", "HR@10", "HR@20", "NDCG@5", "NDCG@10", "NDCG@20", "MRR");
        assertThat(summary.get("HR@5")).isCloseTo(2 / 4.0, within(1e-12));
        assertThat(summary.get("HR@10")).isCloseTo(3 / 4.0, within(1e-12));
        assertThat(summary.get("HR@20")).isCloseTo(3 / 4.0, within(1e-12));
        double tenth = 1 / (Math.log(11) / Math.log(2));
        assertThat(summary.get("NDCG@5")).isCloseTo((1 + 0.5) / 4, within(1e-12));
        assertThat(summary.get("NDCG@10")).isCloseTo((1 + 0.5 + tenth) / 4, within(1e-12));
        assertThat(summary.get("NDCG@20")).isCloseTo((1 + 0.5 + tenth) / 4, within(1e-12));
        assertThat(summary.get("MRR")).isCloseTo((1 + 1 / 3.0 + 1 / 10.0 + 1 / 31.0) / 4, within(1e-12));
    }

    @Test
    void fullRankSkipsPaddingAndExcludedItemsAndCountsTiesAgainstTheTarget() {
        //                index: 0    1    2    3    4    5
        float[] scores = {99f, 0.9f, 0.5f, 0.7f, 0.5f, 0.1f};
        // target 2 (0.5): higher are 1 and 3, tie with 4 -> rank 3; excluding 1 -> rank 2
        assertThat(RankingMetrics.fullRank(scores, 2, new int[0])).isEqualTo(3);
        assertThat(RankingMetrics.fullRank(scores, 2, new int[] {1, 1})).isEqualTo(2);
        assertThat(RankingMetrics.fullRank(scores, 1, new int[] {5})).isZero();
    }

    @Test
    void sampledRankComparesOnlyWithTheListedNegatives() {
        float[] scores = {0f, 0.9f, 0.5f, 0.7f, 0.5f, 0.1f};
        assertThat(RankingMetrics.rank(scores, 2, new int[] {5, 4, 2})).isEqualTo(1);
        assertThat(RankingMetrics.rank(scores, 1, new int[] {2, 3, 4, 5})).isZero();
    }

    @Test
    void evaluatorRanksEveryUserAgainstTheCatalogue() {
        // scorer that prefers higher item indexes
        RankingMetrics metrics = Evaluator.fullRanking(histories -> {
            float[][] out = new float[histories.length][6];
            for (float[] row : out) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = i;
                }
            }
            return out;
        }, new int[][] {{5}, {1}}, new int[] {4, 3});
        // user 1: 5 excluded, 4 is first (rank 0); user 2: 5 and 4 above 3 (rank 2)
        assertThat(metrics.summary().get("HR@5")).isEqualTo(1.0);
        assertThat(metrics.summary().get("MRR")).isCloseTo((1 + 1 / 3.0) / 2, within(1e-12));
    }

    @Test
    void dayOrderAveragingPermutesOnlyWithinADayAndAveragesTheScores() {
        // the scorer reacts to the order: 10 for item (first + 3), 1 for item (last + 3)
        org.musicrec.recommender.ranking.ItemScorer orderSensitive = histories -> {
            float[][] out = new float[histories.length][8];
            for (int u = 0; u < histories.length; u++) {
                int[] h = histories[u];
                out[u][h[0] + 3] += 10f;
                out[u][h[h.length - 1] + 3] += 1f;
            }
            return out;
        };
        // items 2 and 3 share a day: the last item is 2 or 3, the first is always 1
        float[][] mean = Evaluator.meanOverDayOrders(orderSensitive, new int[][] {{1, 2, 3}}, new int[][] {{0, 1, 1}},
                400, new java.util.Random(1));

        assertThat(mean[0][4]).isEqualTo(10f);
        assertThat(mean[0][5] + mean[0][6]).isCloseTo(1f, within(1e-5f));
        assertThat(mean[0][5]).isBetween(0.35f, 0.65f);
        assertThat(mean[0][7]).isZero();
    }
}
