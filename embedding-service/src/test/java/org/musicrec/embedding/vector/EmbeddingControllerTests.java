package org.musicrec.embedding.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.musicrec.embedding.audio.InvalidAudioException;

class EmbeddingControllerTests {

    @ParameterizedTest(name = "{0}")
    @NullAndEmptySource
    @ValueSource(strings = {"audio/ogg", "audio/mpeg", "Audio/WAV", "audio/*", "video/mp4", "video/webm",
            "application/ogg", "application/octet-stream", "audio/ogg; codecs=vorbis"})
    void acceptsAudioContainersOctetStreamAndNoContentType(String type) {
        assertThatCode(() -> EmbeddingController.checkContentType(type)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "application/json", "image/png", "application/x-www-form-urlencoded",
            "*/*", "application/*", "text/plain; charset=utf-8"})
    void refusesOtherContentTypesNamingThem(String type) {
        String named = type.split(";")[0];
        assertThatThrownBy(() -> EmbeddingController.checkContentType(type))
                .isInstanceOfSatisfying(InvalidAudioException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidAudioException.Kind.UNSUPPORTED);
                    assertThat(e.getMessage())
                            .contains("Content-Type " + named + " is not audio");
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"multipart/form-data; boundary=xyz", "not a type"})
    void refusesMultipartAndUnparsableTypes(String type) {
        assertThatThrownBy(() -> EmbeddingController.checkContentType(type))
                .isInstanceOfSatisfying(InvalidAudioException.class, e ->
                        assertThat(e.kind()).isEqualTo(InvalidAudioException.Kind.UNSUPPORTED));
    }
}
