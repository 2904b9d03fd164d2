package org.musicrec.embedding.model;

import org.musicrec.embedding.audio.AudioDecoder;

/**
 * The one place for the audio encoder's contract: signal parameters, crop geometry, and the names of the
 * exported signature, its tensors and the manifest. Training, export, loading and serving all read these.
 */
public final class AudioModelSpec {

    private AudioModelSpec() {
    }

    public static final int SAMPLE_RATE = AudioDecoder.MODEL_SAMPLE_RATE;
    /** STFT frame length and hop, in samples (32 ms / 16 ms); the frame is exactly two hops. */
    public static final int FRAME = 512;
    public static final int HOP = FRAME / 2;
    public static final int FFT_BINS = FRAME / 2 + 1;
    public static final int MEL_BINS = 64;
    public static final double MEL_FMIN = 0;
    public static final double MEL_FMAX = SAMPLE_RATE / 2.0;
    /** Floor added to mel power before the log, so silence stays finite. */
    public static final float LOG_FLOOR = 1e-6f;

    /** Frames in one model crop; a crop is CROP_FRAMES + 1 hops of samples (2.58 s). */
    public static final int CROP_FRAMES = 160;
    public static final int CROP_SAMPLES = (CROP_FRAMES + 1) * HOP;
    public static final int EMBEDDING_DIM = 128;

    /** A track longer than this many crops is embedded from this many evenly spaced crops. */
    public static final int MAX_CROPS_PER_TRACK = 96;

    public static final String SIGNATURE_KEY = "embed_audio";
    /** Input: [crops, CROP_SAMPLES] float32 mono PCM at SAMPLE_RATE. */
    public static final String INPUT_WAVEFORM = "waveform";
    /** Output: [crops, EMBEDDING_DIM] float32, each row L2-normalised. */
    public static final String OUTPUT_CROP_EMBEDDINGS = "crop_embeddings";

    public static final String MANIFEST_FILE = "musicrec-audio-model.properties";
    public static final String MANIFEST_KIND = "musicrec-audio-encoder";
    public static final int FORMAT_VERSION = 1;
}
