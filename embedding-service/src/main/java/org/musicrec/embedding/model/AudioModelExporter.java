package org.musicrec.embedding.model;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.tensorflow.SavedModelBundle;

/**
 * Writes trained weights as an inference-only SavedModel (signature {@link AudioModelSpec#SIGNATURE_KEY}: waveform
 * crops in, crop embeddings out; no optimizer or loss ops) plus the manifest {@link SavedModelAudioEncoder} checks.
 */
public final class AudioModelExporter {

    private AudioModelExporter() {
    }

    /**
     * @param dir a directory that does not exist yet, or an empty one
     * @param extra extra manifest entries (data fingerprint, metrics)
     */
    static void export(AudioWeights weights, String version, Path dir, Map<String, String> extra) throws IOException {
        if (version == null || version.isBlank()) throw new IllegalArgumentException("model version is blank");
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) throw new IllegalArgumentException("export directory is not empty: " + dir);
            }
        }
        Files.createDirectories(dir);
        try (InferenceGraph graph = new InferenceGraph(weights, 1)) {
            SavedModelBundle.exporter(dir.toString())
                    .withTags(SavedModelBundle.DEFAULT_TAG)
                    .withFunction(graph.function())
                    .export();
        }
        Properties manifest = new Properties();
        manifest.putAll(extra);
        manifest.setProperty("kind", AudioModelSpec.MANIFEST_KIND);
        manifest.setProperty("format", Integer.toString(AudioModelSpec.FORMAT_VERSION));
        manifest.setProperty("version", version);
        manifest.setProperty("created", Instant.now().toString());
        manifest.setProperty("sampleRate", Integer.toString(AudioModelSpec.SAMPLE_RATE));
        manifest.setProperty("cropSamples", Integer.toString(AudioModelSpec.CROP_SAMPLES));
        manifest.setProperty("embeddingDim", Integer.toString(AudioModelSpec.EMBEDDING_DIM));
        manifest.setProperty("signature", AudioModelSpec.SIGNATURE_KEY);
        try (Writer out = Files.newBufferedWriter(dir.resolve(AudioModelSpec.MANIFEST_FILE), StandardCharsets.UTF_8)) {
            manifest.store(out, "musicrec audio encoder");
        }
    }

    static void writeWeights(AudioWeights weights, Path file) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            weights.write(out);
        }
    }
}
