package org.musicrec.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTests {

    @TempDir
    Path dir;

    @Test
    void anExportedModelOfTheKindPasses() throws Exception {
        Files.writeString(dir.resolve("musicrec-ranker.properties"), "kind=ranker\n");
        Files.write(dir.resolve("saved_model.pb"), new byte[100]);
        Files.createDirectories(dir.resolve("variables"));

        assertThat(ModelsCommand.directoryProblem("ranker", dir, ModelsCommand.MAX_MODEL_BYTES)).isNull();
    }

    @Test
    void anyDirectoryIsRefusedNamingTheMissingFile() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a model");
        assertThat(ModelsCommand.directoryProblem("ranker", dir, ModelsCommand.MAX_MODEL_BYTES))
                .isEqualTo(dir + " is not an exported ranker model: it has no musicrec-ranker.properties (an exported"
                        + " ranker holds musicrec-ranker.properties and saved_model.pb)");

        Files.writeString(dir.resolve("musicrec-ranker.properties"), "kind=ranker\n");
        assertThat(ModelsCommand.directoryProblem("ranker", dir, ModelsCommand.MAX_MODEL_BYTES))
                .contains("it has no saved_model.pb");
    }

    @Test
    void aModelOfAnotherKindIsRefused() throws Exception {
        Files.writeString(dir.resolve("musicrec-audio-model.properties"), "kind=audio-encoder\n");
        Files.write(dir.resolve("saved_model.pb"), new byte[100]);

        assertThat(ModelsCommand.directoryProblem("audio-encoder", dir, ModelsCommand.MAX_MODEL_BYTES)).isNull();
        assertThat(ModelsCommand.directoryProblem("track-encoder", dir, ModelsCommand.MAX_MODEL_BYTES))
                .contains("it has no musicrec-track-model.properties");
    }

    @Test
    void aDirectoryOverTheSizeLimitIsRefused() throws Exception {
        Files.writeString(dir.resolve("musicrec-ranker.properties"), "kind=ranker\n");
        Files.write(dir.resolve("saved_model.pb"), new byte[100]);
        Files.createDirectories(dir.resolve("variables"));
        Files.write(dir.resolve("variables/variables.data-00000-of-00001"), new byte[2000]);

        assertThat(ModelsCommand.directoryProblem("ranker", dir, 1000)).contains("holds more than 1000 bytes");
        assertThat(ModelsCommand.directoryProblem("ranker", dir, 10_000)).isNull();
    }

    @Test
    void registeringRefusesBeforeTouchingTheRegistry() {
        assertThatThrownBy(() -> ModelsCommand.register("ranker", dir, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it has no musicrec-ranker.properties");
        assertThatThrownBy(() -> ModelsCommand.register("ranker", dir.resolve("missing"), false))
                .hasMessageEndingWith("is not a directory");
    }
}
