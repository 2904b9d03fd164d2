package org.musicrec.embedding.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicrec.embedding.audio.InvalidAudioException.Kind;
import org.springframework.util.unit.DataSize;

class AudioDecoderTests {

    /** The defaults without a minimum length: the fixtures are 0.25 to 1 s excerpts. */
    private final AudioDecoder decoder = new AudioDecoder(new AudioLimits(DataSize.ofMegabytes(50), Duration.ZERO,
            Duration.ofMinutes(20), Duration.ofSeconds(60)));

    static byte[] fixture(String name) {
        try (InputStream in = AudioDecoderTests.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) s += v * v;
        return Math.sqrt(s / Math.max(1, x.length));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "brahms-vorbis-44k-stereo.ogg, 1.0",
            "brahms-mp3-44k-stereo.mp3, 1.0",
            "brahms-flac-16k-mono.flac, 0.5",
            "brahms-opus-48k-stereo.opus, 1.0",
            "brahms-aac-44k-stereo.m4a, 1.0",
            "brahms-wav-u8-8k-mono.wav, 0.5",
            "brahms-wav-s16-11k-stereo.wav, 0.5",
            "brahms-wav-s24-8k-mono.wav, 0.5",
            "brahms-wav-s32-8k-mono.wav, 0.5",
            "brahms-wav-f32-16k-mono.wav, 0.5",
            "brahms-wav-s16-8k-5.1.wav, 0.25"})
    void decodesRealMusicInEveryFormatToMonoAtTheModelRate(String file, double seconds) {
        Pcm pcm = decoder.decode(fixture(file));

        assertThat(pcm.sampleRate()).isEqualTo(16_000);
        assertThat(pcm.durationSeconds()).isCloseTo(seconds, within(0.08));
        assertThat(rms(pcm.samples())).as("loudness of a string orchestra").isBetween(0.02, 0.7);
        for (float v : pcm.samples()) assertThat(Float.isFinite(v)).isTrue();
    }

    @Test
    void integerSampleFormatsOfOneSignalDecodeToTheSameSamples() {
        float[] s24 = decoder.decode(fixture("brahms-wav-s24-8k-mono.wav")).samples();
        float[] s32 = decoder.decode(fixture("brahms-wav-s32-8k-mono.wav")).samples();

        assertThat(s24.length).isEqualTo(s32.length);
        double maxDiff = 0;
        for (int i = 0; i < s24.length; i++) maxDiff = Math.max(maxDiff, Math.abs(s24[i] - s32[i]));
        assertThat(maxDiff).as("24-bit quantisation").isLessThan(1e-5);
    }

    @Test
    void resamplesAndDownmixesAToneWithoutMovingItsPitch() {
        float[] x = decoder.decode(WavFiles.tone(1000, 1.0, 44_100, 2)).samples();

        assertThat(x.length).isCloseTo(16_000, within(40));
        double at1000 = goertzel(x, 1000, 16_000);
        assertThat(at1000).isGreaterThan(50 * goertzel(x, 1500, 16_000));
        assertThat(at1000).isGreaterThan(50 * goertzel(x, 500, 16_000));
        assertThat(rms(x)).as("0.5 amplitude sine, downmix keeps the level").isCloseTo(0.5 / Math.sqrt(2), within(0.02));
    }

    @Test
    void aHeaderThatClaimsAnImpossibleSampleRateIsCorrupt() {
        byte[] wav = WavFiles.tone(440, 1.0, 16_000, 1);
        java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(24, Integer.MAX_VALUE)
                .putInt(28, Integer.MAX_VALUE);
        assertKind(() -> decoder.decode(wav), Kind.CORRUPT);
    }

    @Test
    void refusesAnEmptyUpload() {
        assertKind(() -> decoder.decode(new byte[0]), Kind.EMPTY);
        assertKind(() -> decoder.decode(InputStream.nullInputStream()), Kind.EMPTY);
    }

    @Test
    void refusesAWavWithNoSamples() {
        assertKind(() -> decoder.decode(WavFiles.wav16(new short[0], 16_000, 1)), Kind.EMPTY);
    }

    @Test
    void refusesText() {
        assertKind(() -> decoder.decode("{\"title\": \"not a song\"}\n".repeat(50).getBytes(StandardCharsets.UTF_8)),
                Kind.NOT_AUDIO);
    }

    @Test
    void refusesRandomBytes() {
        byte[] noise = new byte[20_000];
        new Random(7).nextBytes(noise);
        InvalidAudioException e = catchInvalid(() -> decoder.decode(noise));
        assertThat(e.kind()).isIn(Kind.NOT_AUDIO, Kind.CORRUPT);
    }

    @Test
    void refusesAnImage() throws IOException {
        var image = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        assertKind(() -> decoder.decode(png.toByteArray()), Kind.NOT_AUDIO);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"brahms-wav-s16-11k-stereo.wav", "brahms-flac-16k-mono.flac", "brahms-wav-f32-16k-mono.wav"})
    void refusesAFileCutInHalf(String file) {
        byte[] whole = fixture(file);
        assertKind(() -> decoder.decode(Arrays.copyOf(whole, whole.length / 2)), Kind.CORRUPT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"brahms-vorbis-44k-stereo.ogg", "brahms-opus-48k-stereo.opus", "brahms-aac-44k-stereo.m4a",
            "brahms-flac-16k-mono.flac"})
    void refusesAFileCutInsideItsHeaders(String file) {
        byte[] head = Arrays.copyOf(fixture(file), 40);
        assertKind(() -> decoder.decode(head), Kind.CORRUPT);
    }

    @Test
    void refusesAFileWithGarbledAudioPackets() {
        byte[] ogg = fixture("brahms-vorbis-44k-stereo.ogg");
        Random random = new Random(3);
        for (int i = 8000; i < ogg.length; i++) ogg[i] = (byte) random.nextInt();
        InvalidAudioException e = catchInvalid(() -> decoder.decode(ogg));
        assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
    }

    @Test
    void refusesMoreBytesThanTheLimit() {
        AudioDecoder small = new AudioDecoder(new AudioLimits(DataSize.ofKilobytes(8), Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(10)));
        assertKind(() -> small.decode(fixture("brahms-vorbis-44k-stereo.ogg")), Kind.TOO_LARGE);
    }

    @Test
    @Timeout(10)
    void stopsReadingAnEndlessStreamAtTheByteLimit() {
        AudioDecoder small = new AudioDecoder(new AudioLimits(DataSize.ofMegabytes(1), Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(10)));
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        };
        assertKind(() -> small.decode(endless), Kind.TOO_LARGE);
    }

    @Test
    void refusesAudioLongerThanTheLimit() {
        AudioDecoder shortOnly = new AudioDecoder(new AudioLimits(DataSize.ofMegabytes(10), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(10)));
        byte[] threeSeconds = WavFiles.tone(440, 3, 8_000, 1);
        InvalidAudioException e = catchInvalid(() -> shortOnly.decode(threeSeconds));
        assertThat(e.kind()).isEqualTo(Kind.TOO_LONG);
        assertThat(e.getMessage()).contains("1 s");
    }

    @Test
    void refusesAudioShorterThanTheMinimumAsCorrupt() {
        AudioDecoder service = new AudioDecoder(AudioLimits.defaults());
        InvalidAudioException silence = catchInvalid(() -> service.decode(WavFiles.wav16(new short[160], 16_000, 1)));
        assertThat(silence.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(silence.getMessage()).contains("decodes to 0.01 s").contains("minimum of 1.00 s");

        InvalidAudioException half = catchInvalid(() -> service.decode(fixture("brahms-flac-16k-mono.flac")));
        assertThat(half.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(half.getMessage()).contains("decodes to 0.50 s").contains("minimum of 1.00 s");

        assertThat(service.decode(WavFiles.tone(440, 1.2, 16_000, 1)).durationSeconds()).isCloseTo(1.2, within(0.01));
    }

    @Test
    void limitsNeedAMinimumBelowTheMaximum() {
        assertThatThrownBy(() -> new AudioLimits(DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minDuration");
        assertThatThrownBy(() -> new AudioLimits(DataSize.ofMegabytes(1), Duration.ofSeconds(-1), Duration.ofSeconds(5),
                Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minDuration");
    }

    @Test
    void decodesTheSameFromBytesAStreamAndAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        byte[] ogg = fixture("brahms-vorbis-44k-stereo.ogg");
        java.nio.file.Path file = dir.resolve("clip.ogg");
        java.nio.file.Files.write(file, ogg);

        float[] fromBytes = decoder.decode(ogg).samples();
        assertThat(decoder.decode(new java.io.ByteArrayInputStream(ogg)).samples()).isEqualTo(fromBytes);
        assertThat(decoder.decode(file).samples()).isEqualTo(fromBytes);
    }

    private static double goertzel(float[] x, double frequency, int rate) {
        double w = 2 * Math.PI * frequency / rate, c = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (float v : x) {
            double s = v + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    private static InvalidAudioException catchInvalid(Runnable decode) {
        try {
            decode.run();
        } catch (InvalidAudioException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e;
        }
        throw new AssertionError("the input was accepted");
    }

    private static void assertKind(Runnable decode, Kind kind) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(InvalidAudioException.class,
                e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    }
}
