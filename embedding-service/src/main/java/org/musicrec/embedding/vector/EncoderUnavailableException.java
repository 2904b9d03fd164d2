package org.musicrec.embedding.vector;

/** No audio encoder is loaded, so uploads cannot be embedded yet; nothing was stored. */
public class EncoderUnavailableException extends RuntimeException {
    public EncoderUnavailableException() {
        super("no audio encoder model is active; train one with ./musicrec train audio");
    }
}
