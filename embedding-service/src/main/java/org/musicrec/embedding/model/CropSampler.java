package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.CROP_FRAMES;
import static org.musicrec.embedding.model.AudioModelSpec.MEL_BINS;

import java.util.List;
import java.util.Random;

/**
 * Draws contrastive batches from precomputed log-mel tracks: N distinct tracks, two crops of each at independent
 * random offsets, each lightly augmented (random spectral tilt, a frequency mask and a time mask) so the model
 * learns what stays the same across a track rather than across one recording chain.
 */
final class CropSampler {

    /** A track's log-mel frames, frame-major [frames * MEL_BINS]. */
    record Track(String name, float[] logMel) {
        Track {
            if (frames(logMel) < CROP_FRAMES) throw new IllegalArgumentException("track " + name + " is shorter than one crop");
        }

        int frames() {
            return frames(logMel);
        }

        private static int frames(float[] logMel) {
            return logMel.length / MEL_BINS;
        }
    }

    private final List<Track> tracks;
    private final Random random;
    private final boolean augment;

    CropSampler(List<Track> tracks, long seed, boolean augment) {
        if (tracks.size() < 2) throw new IllegalArgumentException("contrastive training needs at least 2 tracks");
        this.tracks = tracks;
        this.random = new Random(seed);
        this.augment = augment;
    }

    float[] batch(int tracksPerBatch) {
        int n = Math.min(tracksPerBatch, tracks.size());
        if (n != tracksPerBatch) throw new IllegalArgumentException("only " + tracks.size() + " tracks for a batch of " + tracksPerBatch);
        int[] chosen = random.ints(0, tracks.size()).distinct().limit(n).toArray();
        int crop = CROP_FRAMES * MEL_BINS;
        float[] out = new float[2 * n * crop];
        for (int i = 0; i < n; i++) {
            Track t = tracks.get(chosen[i]);
            copyCrop(t, out, i * crop);
            copyCrop(t, out, (i + n) * crop);
        }
        return out;
    }

    /**
     * One query crop of each of N distinct tracks (rows 0..N-1), then K context crops of each (rows N + i·K ..):
     * the j-th context crop at a random offset within the j-th of K equal stretches of the track, so that the
     * context covers the track end to end as the served track vector does. Every crop is augmented on its own.
     */
    float[] cropToTrackBatch(int tracksPerBatch, int contextCrops) {
        if (contextCrops < 1) throw new IllegalArgumentException("context crops must be at least 1");
        if (tracksPerBatch > tracks.size()) throw new IllegalArgumentException("only " + tracks.size() + " tracks for a batch of " + tracksPerBatch);
        int[] chosen = random.ints(0, tracks.size()).distinct().limit(tracksPerBatch).toArray();
        int crop = CROP_FRAMES * MEL_BINS;
        float[] out = new float[tracksPerBatch * (1 + contextCrops) * crop];
        for (int i = 0; i < tracksPerBatch; i++) {
            Track t = tracks.get(chosen[i]);
            copyCrop(t, out, i * crop);
            int starts = t.frames() - CROP_FRAMES + 1;
            for (int j = 0; j < contextCrops; j++) {
                int from = (int) ((long) starts * j / contextCrops);
                int to = Math.max(from + 1, (int) ((long) starts * (j + 1) / contextCrops));
                copyCrop(t, out, (tracksPerBatch + i * contextCrops + j) * crop, from + random.nextInt(to - from));
            }
        }
        return out;
    }

    private void copyCrop(Track t, float[] out, int offset) {
        copyCrop(t, out, offset, random.nextInt(t.frames() - CROP_FRAMES + 1));
    }

    private void copyCrop(Track t, float[] out, int offset, int start) {
        System.arraycopy(t.logMel(), start * MEL_BINS, out, offset, CROP_FRAMES * MEL_BINS);
        if (augment) augment(out, offset);
    }

    private void augment(float[] x, int offset) {
        // a smooth random EQ curve of up to about +-4 dB (log-power units)
        double a1 = (random.nextDouble() * 2 - 1), a2 = (random.nextDouble() * 2 - 1) * 0.5;
        float[] tilt = new float[MEL_BINS];
        for (int m = 0; m < MEL_BINS; m++) {
            double u = Math.PI * m / (MEL_BINS - 1);
            tilt[m] = (float) (a1 * Math.cos(u) + a2 * Math.cos(2 * u));
        }
        for (int f = 0; f < CROP_FRAMES; f++) {
            for (int m = 0; m < MEL_BINS; m++) x[offset + f * MEL_BINS + m] += tilt[m];
        }
        float floor = Float.MAX_VALUE;
        for (int i = 0; i < CROP_FRAMES * MEL_BINS; i++) floor = Math.min(floor, x[offset + i]);
        int fWidth = random.nextInt(7), fStart = random.nextInt(MEL_BINS - fWidth);
        for (int f = 0; f < CROP_FRAMES; f++) {
            for (int m = fStart; m < fStart + fWidth; m++) x[offset + f * MEL_BINS + m] = floor;
        }
        int tWidth = random.nextInt(17), tStart = random.nextInt(CROP_FRAMES - tWidth);
        for (int f = tStart; f < tStart + tWidth; f++) {
            for (int m = 0; m < MEL_BINS; m++) x[offset + f * MEL_BINS + m] = floor;
        }
    }
}
