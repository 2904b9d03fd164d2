package org.musicrec.recommender;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.musicrec.recommender.ranking.AttentionConfig;
import org.musicrec.recommender.ranking.AttentionModel;
import org.musicrec.recommender.ranking.AttentionModelExporter;
import org.musicrec.recommender.ranking.AttentionTrainer;
import org.musicrec.recommender.ranking.ItemVocabulary;

/** Real attention models small enough to train inside an integration test. */
public final class TinyModels {

    private TinyModels() {
    }

    /**
     * Trains on the cycle items[0] → items[1] → … → items[0] (every starting point, 8 times) and exports the model:
     * it learns to continue the cycle.
     */
    public static Path cyclic(List<String> items, String version, Path dir) throws java.io.IOException {
        int n = items.size();
        List<int[]> sequences = new ArrayList<>();
        for (int start = 0; start < n; start++) {
            for (int rep = 0; rep < 8; rep++) {
                int[] seq = new int[n];
                for (int i = 0; i < n; i++) {
                    seq[i] = (start + i) % n + 1;
                }
                sequences.add(seq);
            }
        }
        AttentionConfig config = new AttentionConfig(n, 16, 2, 2, 0f, 1e-2f, 16, 40, 40, 0, 7L);
        AttentionModel model = new AttentionTrainer(config).train(sequences.toArray(int[][]::new), n, s -> 0.0,
                stats -> { });
        AttentionModelExporter.export(model, ItemVocabulary.of(items), version, dir);
        return dir;
    }
}
