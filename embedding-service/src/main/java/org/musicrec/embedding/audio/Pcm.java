package org.musicrec.embedding.audio;

/** Mono PCM samples in [-1, 1] (nominally) at a known sample rate; the array is owned by the record. */
public record Pcm(float[] samples, int sampleRate) {

    public Pcm {
        if (samples == null) throw new IllegalArgumentException("samples are null");
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate);
    }

    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    /** The samples in [from, to) seconds, clamped to the signal. */
    public Pcm slice(double fromSeconds, double toSeconds) {
        int from = (int) Math.max(0, Math.min(samples.length, Math.round(fromSeconds * sampleRate)));
        int to = (int) Math.max(from, Math.min(samples.length, Math.round(toSeconds * sampleRate)));
        return new Pcm(java.util.Arrays.copyOfRange(samples, from, to), sampleRate);
    }
}
