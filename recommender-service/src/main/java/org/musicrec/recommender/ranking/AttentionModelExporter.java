package org.musicrec.recommender.ranking;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.tensorflow.SavedModelBundle;

/**
 * Writes a trained model as an inference-only SavedModel (signature {@link RankerSignature#KEY}, no
 * optimizer or dropout ops) plus the item ids and a manifest that {@link SavedModelRanker} checks.
 */
public final class AttentionModelExporter {

    private AttentionModelExporter() {
    }

    /**
     * @param dir a directory that does not exist yet, or an empty one
     */
    public static void export(AttentionModel model, ItemVocabulary vocabulary, String version, Path dir)
            throws IOException {
        if (vocabulary.size() != model.itemCount()) {
            throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " items, model "
                    + model.itemCount());
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("model version is blank");
        }
        Files.createDirectories(dir);
        try (AttentionScorer scorer = model.openScorer()) {
            SavedModelBundle.exporter(dir.toString())
                    .withTags(SavedModelBundle.DEFAULT_TAG)
                    .withFunction(scorer.function())
                    .export();
        }
        Files.write(dir.resolve(RankerSignature.ITEMS_FILE), vocabulary.ids(), StandardCharsets.UTF_8);
        float[] vectors = model.itemVectors();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(vectors.length * Float.BYTES)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vectors);
        Files.write(dir.resolve(RankerSignature.ITEM_VECTORS_FILE), bytes.array());
        Properties manifest = new Properties();
        manifest.setProperty("format", Integer.toString(RankerSignature.FORMAT_VERSION));
        manifest.setProperty("version", version);
        manifest.setProperty("created", Instant.now().toString());
        manifest.setProperty("maxLength", Integer.toString(model.config().maxLength()));
        manifest.setProperty("items", Integer.toString(model.itemCount()));
        manifest.setProperty("hiddenSize", Integer.toString(model.config().hiddenSize()));
        if (model.features() != null) {
            manifest.setProperty("itemFeatures", Integer.toString(model.features().tags().size()));
        }
        manifest.setProperty("bestEpoch", Integer.toString(model.bestEpoch()));
        if (!model.averagedEpochs().isEmpty()) {
            manifest.setProperty("averagedEpochs", model.averagedEpochs().toString());
        }
        manifest.setProperty("validationNdcg10", Double.toString(model.bestValidationNdcg()));
        manifest.setProperty("popularityPriorWeight", Float.toString(model.priorWeight()));
        try (Writer out = Files.newBufferedWriter(dir.resolve(RankerSignature.MANIFEST_FILE), StandardCharsets.UTF_8)) {
            manifest.store(out, "musicrec attention ranker");
        }
    }
}
