package org.musicrec.embedding.model;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.tensorflow.SavedModelBundle;

/**
 * Writes a trained track encoder as an inference-only SavedModel (signature {@link TrackModelSpec#SIGNATURE_KEY};
 * no optimizer or loss ops) plus the manifest {@link SavedModelTrackEncoder} checks.
 */
final class TrackModelExporter {

    private TrackModelExporter() {
    }

    /**
     * @param dir   a directory that does not exist yet, or an empty one
     * @param extra extra manifest entries (data fingerprint, metrics)
     */
    static void export(Map<String, float[]> weights, String version, Path dir, Map<String, String> extra) throws IOException {
        try (TrackInferenceGraph graph = new TrackInferenceGraph(weights, 1)) {
            export(graph, version, dir, extra);
        }
    }

    static void export(TrackInferenceGraph graph, String version, Path dir, Map<String, String> extra) throws IOException {
        if (version == null || version.isBlank()) throw new IllegalArgumentException("model version is blank");
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) throw new IllegalArgumentException("export directory is not empty: " + dir);
            }
        }
        Files.createDirectories(dir);
        SavedModelBundle.exporter(dir.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG)
                .withFunction(graph.function())
                .export();
        Properties manifest = new Properties();
        manifest.putAll(extra);
        manifest.setProperty("kind", TrackModelSpec.KIND);
        manifest.setProperty("format", Integer.toString(TrackModelSpec.FORMAT_VERSION));
        manifest.setProperty("hashing", TrackModelSpec.HASHING);
        manifest.setProperty("version", version);
        manifest.setProperty("created", Instant.now().toString());
        manifest.setProperty("tagBuckets", Integer.toString(TrackModelSpec.TAG_BUCKETS));
        manifest.setProperty("artistBuckets", Integer.toString(TrackModelSpec.ARTIST_BUCKETS));
        manifest.setProperty("titleBuckets", Integer.toString(TrackModelSpec.TITLE_BUCKETS));
        manifest.setProperty("audioDim", Integer.toString(TrackModelSpec.AUDIO_DIM));
        manifest.setProperty("embeddingDim", Integer.toString(TrackModelSpec.EMBEDDING_DIM));
        manifest.setProperty("signature", TrackModelSpec.SIGNATURE_KEY);
        try (Writer out = Files.newBufferedWriter(dir.resolve(TrackModelSpec.MANIFEST_FILE), StandardCharsets.UTF_8)) {
            manifest.store(out, "musicrec track encoder");
        }
    }
}
