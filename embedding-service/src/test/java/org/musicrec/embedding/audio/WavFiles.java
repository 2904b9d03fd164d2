package org.musicrec.embedding.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes 16-bit PCM WAV files in memory, for tests that need exactly known signals. */
public final class WavFiles {

    private WavFiles() {
    }

    /** A sine tone at {@code frequency} Hz on every channel, amplitude 0.5. */
    public static byte[] tone(double frequency, double seconds, int sampleRate, int channels) {
        int frames = (int) Math.round(seconds * sampleRate);
        short[] interleaved = new short[frames * channels];
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequency * i / sampleRate));
            for (int c = 0; c < channels; c++) interleaved[i * channels + c] = v;
        }
        return wav16(interleaved, sampleRate, channels);
    }

    public static byte[] wav16(short[] interleaved, int sampleRate, int channels) {
        int dataBytes = interleaved.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (short s : interleaved) b.putShort(s);
        return b.array();
    }
}
