package org.musicrec.embedding.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.musicrec.embedding.model.AudioModelSpec.FRAME;
import static org.musicrec.embedding.model.AudioModelSpec.HOP;
import static org.musicrec.embedding.model.AudioModelSpec.MEL_BINS;
import static org.musicrec.embedding.model.AudioModelSpec.SAMPLE_RATE;

import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogMelFrontEndTests {

    private static LogMelExtractor extractor;

    @BeforeAll
    static void open() {
        extractor = new LogMelExtractor(1);
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    static float[] tone(double hz, double seconds) {
        float[] x = new float[(int) (seconds * SAMPLE_RATE)];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE));
        return x;
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {110, 440, 1000, 2500, 6000})
    void aPureTonePeaksInTheMelBandCentredNearestItsFrequency(double hz) {
        float[] logMel = extractor.extract(tone(hz, 1.0));
        int frames = logMel.length / MEL_BINS;
        double[] mean = new double[MEL_BINS];
        for (int f = 0; f < frames; f++) for (int m = 0; m < MEL_BINS; m++) mean[m] += logMel[f * MEL_BINS + m] / frames;

        int peak = 0;
        for (int m = 1; m < MEL_BINS; m++) if (mean[m] > mean[peak]) peak = m;
        double[] centres = LogMelFrontEnd.melCentres();
        int nearest = 0;
        for (int m = 1; m < MEL_BINS; m++) if (Math.abs(centres[m] - hz) < Math.abs(centres[nearest] - hz)) nearest = m;

        assertThat(peak).as("peak band (centre %.0f Hz)", centres[peak]).isEqualTo(nearest);
        assertThat(mean[peak] - mean[(peak + MEL_BINS / 2) % MEL_BINS]).as("peak stands far above a distant band")
                .isGreaterThan(8);
    }

    @Test
    void yieldsOneFramePerHopLessOne() {
        assertThat(extractor.extract(new float[10 * HOP + 17]).length).isEqualTo(9 * MEL_BINS);
        assertThat(LogMelExtractor.frames(AudioModelSpec.CROP_SAMPLES)).isEqualTo(AudioModelSpec.CROP_FRAMES);
    }

    @Test
    void silenceStaysFinite() {
        for (float v : extractor.extract(new float[SAMPLE_RATE])) {
            assertThat(v).isCloseTo((float) Math.log(AudioModelSpec.LOG_FLOOR), within(1e-3f));
        }
    }

    @Test
    void matchesADirectDftOfAWindowedFrame() {
        Random random = new Random(11);
        float[] x = new float[4 * HOP];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian() * 0.1f;
        float[] logMel = extractor.extract(x);

        // second frame starts at one hop
        float[] window = LogMelFrontEnd.hann();
        float[][] mel = LogMelFrontEnd.melFilterbank();
        double[] expected = new double[MEL_BINS];
        for (int k = 0; k <= FRAME / 2; k++) {
            double re = 0, im = 0;
            for (int n = 0; n < FRAME; n++) {
                double v = x[HOP + n] * window[n];
                re += v * Math.cos(2 * Math.PI * k * n / FRAME);
                im -= v * Math.sin(2 * Math.PI * k * n / FRAME);
            }
            for (int m = 0; m < MEL_BINS; m++) expected[m] += (re * re + im * im) * mel[k][m];
        }
        for (int m = 0; m < MEL_BINS; m++) {
            assertThat((double) logMel[MEL_BINS + m]).isCloseTo(Math.log(expected[m] + AudioModelSpec.LOG_FLOOR), within(1e-3));
        }
    }
}
