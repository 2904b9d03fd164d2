package org.musicrec.embedding.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Exports small audio encoders for tests of the serving path (not of model quality). */
public final class TestAudioModels {

    private TestAudioModels() {
    }

    /** An encoder with its initial weights: enough to exercise upload, storage and search end to end. */
    public static void exportUntrained(Path dir, String version) throws IOException {
        AudioModelExporter.export(AudioNetwork.initialWeights(11), version, dir, Map.of("dataFingerprint", "test"));
    }
}
