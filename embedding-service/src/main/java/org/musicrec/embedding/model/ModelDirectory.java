package org.musicrec.embedding.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.tensorflow.SavedModelBundle;

/**
 * An exported model directory as the loaders see it: the manifest is read before TensorFlow is touched, and a
 * directory that is missing, whose manifest is missing, unreadable, without a version or names other settings
 * than this service needs, or whose SavedModel cannot be read is refused with a {@link ModelLoadException} that
 * says what is wrong.
 */
final class ModelDirectory {

    private final Properties properties;
    private final Path dir;

    private ModelDirectory(Properties properties, Path dir) {
        this.properties = properties;
        this.dir = dir;
    }

    static ModelDirectory read(Path dir, String fileName) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory " + dir + " does not exist");
        }
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("model " + dir + " has no " + fileName);
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException("model " + dir + " has an unreadable manifest: " + e.getMessage(), e);
        }
        return new ModelDirectory(p, dir);
    }

    /** Refuses the model unless {@code key} has exactly the value this service was built for. */
    ModelDirectory expect(String key, String expected) {
        String actual = properties.getProperty(key);
        if (!expected.equals(actual)) {
            throw new ModelLoadException("model " + dir + " has " + key + "=" + actual + ", this service needs " + expected);
        }
        return this;
    }

    ModelDirectory expect(String key, int expected) {
        return expect(key, Integer.toString(expected));
    }

    /** The version the model was exported as; a manifest without one is refused. */
    String version() {
        String version = properties.getProperty("version", "");
        if (version.isBlank()) {
            throw new ModelLoadException("model " + dir + " has no version in its manifest");
        }
        return version;
    }

    /** Opens the SavedModel (serving tag) with {@code threads} TensorFlow threads per call; close it. */
    SavedModelBundle open(int threads) {
        try {
            return SavedModelBundle.loader(dir.toString())
                    .withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(InferenceGraph.config(threads))
                    .load();
        } catch (RuntimeException e) {
            throw new ModelLoadException("model " + dir + " is not a readable SavedModel: " + e.getMessage(), e);
        }
    }

    /** The smoke test of every loader: an output vector must be finite and of unit length. */
    static void requireUnitLength(float[] v, Path dir) {
        double norm = Math.sqrt(Vectors.dot(v, v));
        if (!Double.isFinite(norm) || Math.abs(norm - 1) > 1e-3) {
            throw new ModelLoadException("model " + dir + " does not produce unit-length vectors (norm " + norm + ")");
        }
    }
}
