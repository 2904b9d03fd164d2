package org.musicrec.embedding.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioEvalMainTests {

    @Test
    void withoutALocalModelTheMessageSaysHowToGetOne(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("run-without-model"));

        assertThatThrownBy(() -> AudioEvalMain.newestModel(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no trained model under " + root)
                .hasMessageContaining("not from the model registry")
                .hasMessageContaining("pass --model DIR")
                .hasMessageContaining("./musicrec train audio");
    }

    @Test
    void theNewestRunsModelIsFound(@TempDir Path root) throws Exception {
        Path older = Files.createDirectories(root.resolve("a/model"));
        Path newer = Files.createDirectories(root.resolve("b/model"));
        older.toFile().setLastModified(1_000_000L);
        newer.toFile().setLastModified(2_000_000L);

        assertThat(AudioEvalMain.newestModel(root)).isEqualTo(newer);
    }
}
