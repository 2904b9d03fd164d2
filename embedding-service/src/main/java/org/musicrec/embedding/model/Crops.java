package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.CROP_SAMPLES;
import static org.musicrec.embedding.model.AudioModelSpec.MAX_CROPS_PER_TRACK;

/** Where the model crops a signal: evenly spaced windows that cover it end to end, capped in number. */
final class Crops {

    private Crops() {
    }

    /** Start offsets, in samples, of the crops for a signal of the given length. */
    static int[] starts(int length) {
        if (length <= CROP_SAMPLES) return new int[] {0};
        int count = Math.min(MAX_CROPS_PER_TRACK, (int) Math.ceil(length / (double) CROP_SAMPLES));
        count = Math.max(count, 2);
        int[] starts = new int[count];
        long span = length - CROP_SAMPLES;
        for (int i = 0; i < count; i++) starts[i] = (int) (span * i / (count - 1));
        return starts;
    }

    /** Copies the crop at {@code start} into {@code out} at {@code offset}; a short signal is looped to fill it. */
    static void copy(float[] samples, int start, float[] out, int offset) {
        if (samples.length >= start + CROP_SAMPLES) {
            System.arraycopy(samples, start, out, offset, CROP_SAMPLES);
            return;
        }
        for (int i = 0; i < CROP_SAMPLES; i++) out[offset + i] = samples[(start + i) % samples.length];
    }
}
