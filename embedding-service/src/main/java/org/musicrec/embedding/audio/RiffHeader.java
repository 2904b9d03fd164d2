package org.musicrec.embedding.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads just enough of a file head to tell a cut-short WAV, which FFmpeg otherwise decodes silently. */
final class RiffHeader {

    private RiffHeader() {
    }

    static byte[] head(Path file, int max) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** True when the file is a RIFF/WAVE whose declared size exceeds the bytes present. */
    static boolean truncated(Path file) {
        byte[] h = head(file, 12);
        if (h.length < 12 || !ascii(h, 0, "RIFF") || !ascii(h, 8, "WAVE")) return false;
        long declared = (h[4] & 0xffL) | (h[5] & 0xffL) << 8 | (h[6] & 0xffL) << 16 | (h[7] & 0xffL) << 24;
        // streaming writers leave 0 or 0xFFFFFFFF when they do not know the size yet
        if (declared == 0 || declared == 0xffffffffL) return false;
        try {
            return declared + 8 > Files.size(file) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) if (b[at + i] != s.charAt(i)) return false;
        return true;
    }
}
