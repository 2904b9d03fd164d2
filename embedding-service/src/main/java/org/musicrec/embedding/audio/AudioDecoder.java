package org.musicrec.embedding.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_BITRATE;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.AVPROBE_SCORE_MAX;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_probe_input_format2;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_DECODER_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_STREAM_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_double;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.musicrec.embedding.audio.InvalidAudioException.Kind;
import org.springframework.stereotype.Component;

/**
 * Decodes any audio FFmpeg can demux (Ogg Vorbis/Opus, MP3, FLAC, WAV, M4A/AAC, ...) into mono float PCM at
 * {@link #MODEL_SAMPLE_RATE}. Thread-safe; every native object is freed before a call returns, and every failure
 * is an {@link InvalidAudioException} with a {@link Kind}.
 */
@Component
public class AudioDecoder {

    /** The one sample rate the audio models consume. */
    public static final int MODEL_SAMPLE_RATE = 16_000;

    /** A stream that decodes less than this share of its declared length was cut short. */
    private static final double TRUNCATION_TOLERANCE = 0.9;
    /** Corrupt packets are skipped, but a stream where more than this share fails is refused. */
    private static final double MAX_BAD_PACKET_SHARE = 0.2;

    static {
        av_log_set_level(AV_LOG_FATAL);
    }

    private final AudioLimits limits;

    public AudioDecoder(AudioLimits limits) {
        this.limits = limits;
    }

    public AudioLimits limits() {
        return limits;
    }

    public Pcm decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) throw new InvalidAudioException(Kind.EMPTY, "the upload is empty");
        checkSize(bytes.length);
        return viaTempFile(out -> out.write(bytes));
    }

    /** Reads the stream (not closing it), refusing more than {@code maxBytes} without reading further. */
    public Pcm decode(InputStream in) {
        return viaTempFile(out -> {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                checkSize(total);
                out.write(buffer, 0, n);
            }
            if (total == 0) throw new InvalidAudioException(Kind.EMPTY, "the upload is empty");
        });
    }

    public Pcm decode(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (size == 0) throw new InvalidAudioException(Kind.EMPTY, "the file is empty: " + file.getFileName());
        checkSize(size);
        return decodeFile(file);
    }

    private interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private Pcm viaTempFile(Writer writer) {
        Path temp = null;
        try {
            temp = Files.createTempFile("musicrec-audio-", ".bin");
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.writeTo(out);
            }
            return decodeFile(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot buffer the audio upload", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless and the OS cleans its temp dir
                }
            }
        }
    }

    private void checkSize(long bytes) {
        if (bytes > limits.maxBytes().toBytes()) {
            throw new InvalidAudioException(Kind.TOO_LARGE,
                    "the audio is larger than the limit of " + limits.maxBytes().toMegabytes() + " MB");
        }
    }

    private Pcm decodeFile(Path file) {
        AVFormatContext format = new AVFormatContext(null);
        int rc = avformat_open_input(format, file.toAbsolutePath().toString(), null, null);
        if (rc < 0) {
            if (recognisedContainer(file)) {
                throw new InvalidAudioException(Kind.CORRUPT, "the file starts like a media container but cannot be opened ("
                        + error(rc) + "); it may be truncated");
            }
            throw new InvalidAudioException(Kind.NOT_AUDIO, "not a recognised audio format (" + error(rc) + ")");
        }
        if (RiffHeader.truncated(file)) {
            avformat_close_input(format);
            throw new InvalidAudioException(Kind.CORRUPT, "the WAV file is truncated: shorter than its RIFF header declares");
        }
        AVCodecContext codec = null;
        try {
            rc = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (rc < 0) throw new InvalidAudioException(Kind.CORRUPT, "cannot read the stream headers (" + error(rc) + ")");
            int stream = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (stream == AVERROR_STREAM_NOT_FOUND) {
                throw new InvalidAudioException(Kind.NOT_AUDIO, "the file has no audio stream");
            }
            if (stream < 0) throw new InvalidAudioException(Kind.CORRUPT, "no usable audio stream (" + error(stream) + ")");
            AVStream st = format.streams(stream);
            AVCodecParameters parameters = st.codecpar();
            AVCodec decoder = avcodec_find_decoder(parameters.codec_id());
            if (decoder == null || decoder.isNull()) {
                throw new InvalidAudioException(Kind.UNSUPPORTED, "no decoder for this audio codec (id " + parameters.codec_id() + ")");
            }
            double declaredSeconds = declaredSeconds(format, st);
            if (declaredSeconds > limits.maxDuration().toSeconds() + 1) {
                throw tooLong(declaredSeconds);
            }
            codec = avcodec_alloc_context3(decoder);
            if (codec == null || codec.isNull()) throw new OutOfMemoryError("avcodec_alloc_context3");
            rc = avcodec_parameters_to_context(codec, parameters);
            if (rc < 0) throw new InvalidAudioException(Kind.CORRUPT, "bad codec parameters (" + error(rc) + ")");
            codec.pkt_timebase(st.time_base());
            rc = avcodec_open2(codec, decoder, (AVDictionary) null);
            if (rc < 0) {
                Kind kind = rc == AVERROR_DECODER_NOT_FOUND ? Kind.UNSUPPORTED : Kind.CORRUPT;
                throw new InvalidAudioException(kind, "cannot open the audio decoder (" + error(rc) + ")");
            }
            Pcm pcm = new StreamDecoder(format, codec, stream).run();
            if (pcm.samples().length == 0) throw new InvalidAudioException(Kind.EMPTY, "the audio stream holds no samples");
            if (declaredSeconds > 0 && pcm.durationSeconds() < TRUNCATION_TOLERANCE * declaredSeconds - 0.1) {
                throw new InvalidAudioException(Kind.CORRUPT, String.format(
                        "the audio is truncated: %.1f s decoded of %.1f s declared", pcm.durationSeconds(), declaredSeconds));
            }
            if (pcm.durationSeconds() < limits.minDuration().toMillis() / 1000.0) {
                throw tooShort(pcm.durationSeconds());
            }
            return pcm;
        } finally {
            if (codec != null) avcodec_free_context(codec);
            avformat_close_input(format);
        }
    }

    /** Whether FFmpeg's probe confidently names a container for the first bytes of the file. */
    private static boolean recognisedContainer(Path file) {
        byte[] head = RiffHeader.head(file, 4096);
        try (BytePointer buffer = new BytePointer((long) head.length + AVPROBE_PADDING_SIZE);
             BytePointer name = new BytePointer("");
             AVProbeData probe = new AVProbeData()) {
            buffer.put(head).position(head.length).put(new byte[AVPROBE_PADDING_SIZE]).position(0);
            probe.buf(buffer).buf_size(head.length).filename(name);
            int[] score = new int[1];
            AVInputFormat found = av_probe_input_format2(probe, 1, score);
            return found != null && !found.isNull() && score[0] >= AVPROBE_SCORE_MAX / 4;
        }
    }

    /** The length the container declares from its headers, or 0 where it only guesses it from the bit rate. */
    private static double declaredSeconds(AVFormatContext format, AVStream stream) {
        if (format.duration_estimation_method() == AVFMT_DURATION_FROM_BITRATE) return 0;
        if (stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0) {
            return stream.duration() * stream.time_base().num() / (double) stream.time_base().den();
        }
        if (format.duration() != AV_NOPTS_VALUE && format.duration() > 0) {
            return format.duration() / (double) AV_TIME_BASE;
        }
        return 0;
    }

    private InvalidAudioException tooLong(double seconds) {
        return new InvalidAudioException(Kind.TOO_LONG, String.format(
                "the audio is longer than the limit of %d s (%.0f s)", limits.maxDuration().toSeconds(), seconds));
    }

    private InvalidAudioException tooShort(double seconds) {
        return new InvalidAudioException(Kind.CORRUPT, String.format(Locale.ROOT,
                "the audio decodes to %.2f s, shorter than the minimum of %.2f s; it may be truncated",
                seconds, limits.minDuration().toMillis() / 1000.0));
    }

    private static String error(int code) {
        byte[] buffer = new byte[256];
        av_strerror(code, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) end++;
        return new String(buffer, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One decode loop; owns the packet, frame, resampler and output buffer it allocates. */
    private final class StreamDecoder {
        private final AVFormatContext format;
        private final AVCodecContext codec;
        private final int stream;
        private final long maxSamples = limits.maxDuration().toSeconds() * (long) MODEL_SAMPLE_RATE;
        private final long deadline = System.nanoTime() + limits.maxDecodeTime().toNanos();
        private float[] samples = new float[MODEL_SAMPLE_RATE * 30];
        private int size;
        private SwrContext resampler;
        private FloatPointer out;
        private PointerPointer<FloatPointer> outPlanes;
        private int outCapacity;
        private int packets;
        private int badPackets;

        StreamDecoder(AVFormatContext format, AVCodecContext codec, int stream) {
            this.format = format;
            this.codec = codec;
            this.stream = stream;
        }

        Pcm run() {
            AVPacket packet = av_packet_alloc();
            AVFrame frame = av_frame_alloc();
            try {
                int rc;
                while ((rc = av_read_frame(format, packet)) >= 0) {
                    try {
                        if (packet.stream_index() == stream) {
                            packets++;
                            if (avcodec_send_packet(codec, packet) < 0) badPackets++;
                            else drain(frame);
                        }
                    } finally {
                        av_packet_unref(packet);
                    }
                    checkBudget();
                }
                if (rc != AVERROR_EOF && rc != AVERROR_INVALIDDATA) {
                    throw new InvalidAudioException(Kind.CORRUPT, "cannot read the audio stream (" + error(rc) + ")");
                }
                avcodec_send_packet(codec, null);
                drain(frame);
                flushResampler();
                if (packets > 0 && badPackets > MAX_BAD_PACKET_SHARE * packets) {
                    throw new InvalidAudioException(Kind.CORRUPT,
                            "the audio is corrupt: " + badPackets + " of " + packets + " packets do not decode");
                }
                return new Pcm(Arrays.copyOf(samples, size), MODEL_SAMPLE_RATE);
            } finally {
                av_frame_free(frame);
                av_packet_free(packet);
                if (resampler != null) swr_free(resampler);
                if (outPlanes != null) outPlanes.close();
                if (out != null) out.close();
            }
        }

        private void checkBudget() {
            if (size > maxSamples) throw tooLong(size / (double) MODEL_SAMPLE_RATE);
            if (System.nanoTime() > deadline) {
                throw new InvalidAudioException(Kind.TOO_LONG,
                        "decoding took longer than " + limits.maxDecodeTime().toSeconds() + " s");
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("audio decoding was interrupted");
            }
        }

        private void drain(AVFrame frame) {
            while (true) {
                int rc = avcodec_receive_frame(codec, frame);
                if (rc == AVERROR_EAGAIN() || rc == AVERROR_EOF) return;
                if (rc < 0) {
                    badPackets++;
                    return;
                }
                try {
                    convert(frame);
                } finally {
                    av_frame_unref(frame);
                }
            }
        }

        private void convert(AVFrame frame) {
            if (resampler == null) resampler = openResampler(frame);
            int wanted = swr_get_out_samples(resampler, frame.nb_samples());
            ensureOut(wanted);
            int n = swr_convert(resampler, outPlanes, outCapacity, frame.extended_data(), frame.nb_samples());
            if (n < 0) throw new InvalidAudioException(Kind.CORRUPT, "cannot resample the audio (" + error(n) + ")");
            append(n);
        }

        private void flushResampler() {
            if (resampler == null) return;
            ensureOut(swr_get_out_samples(resampler, 0));
            int n;
            while ((n = swr_convert(resampler, outPlanes, outCapacity, (PointerPointer<?>) null, 0)) > 0) {
                append(n);
            }
        }

        private SwrContext openResampler(AVFrame frame) {
            // a header can claim anything; no real recording has these, and FFmpeg would fail on them with an
            // allocation error rather than a reason
            if (frame.sample_rate() < 1000 || frame.sample_rate() > 768_000) {
                throw new InvalidAudioException(Kind.CORRUPT, "the audio declares a sample rate of "
                        + frame.sample_rate() + " Hz; real audio has 1,000 to 768,000");
            }
            if (frame.ch_layout().nb_channels() < 1 || frame.ch_layout().nb_channels() > 64) {
                throw new InvalidAudioException(Kind.CORRUPT, "the audio declares " + frame.ch_layout().nb_channels()
                        + " channels; real audio has 1 to 64");
            }
            AVChannelLayout mono = new AVChannelLayout();
            AVChannelLayout in = new AVChannelLayout();
            try {
                av_channel_layout_default(mono, 1);
                if (frame.ch_layout().order() == AV_CHANNEL_ORDER_UNSPEC) {
                    av_channel_layout_default(in, frame.ch_layout().nb_channels());
                } else {
                    av_channel_layout_copy(in, frame.ch_layout());
                }
                SwrContext swr = new SwrContext(null);
                int rc = swr_alloc_set_opts2(swr, mono, AV_SAMPLE_FMT_FLT, MODEL_SAMPLE_RATE,
                        in, frame.format(), frame.sample_rate(), 0, null);
                if (rc < 0 || swr.isNull()) {
                    throw new InvalidAudioException(Kind.UNSUPPORTED, "cannot convert this sample format (" + error(rc) + ")");
                }
                // mono is the mean of the channels rather than FFmpeg's louder default (L + R) / sqrt(2)
                av_opt_set_double(swr, "rematrix_maxval", 1.0, 0);
                rc = swr_init(swr);
                if (rc < 0) {
                    swr_free(swr);
                    throw new InvalidAudioException(Kind.UNSUPPORTED,
                            "cannot convert " + frame.ch_layout().nb_channels() + " channels at " + frame.sample_rate()
                                    + " Hz (" + error(rc) + ")");
                }
                return swr;
            } finally {
                av_channel_layout_uninit(in);
                in.close();
                mono.close();
            }
        }

        private void ensureOut(int wanted) {
            if (out != null && outCapacity >= wanted) return;
            if (outPlanes != null) outPlanes.close();
            if (out != null) out.close();
            outCapacity = Math.max(wanted, 4096);
            out = new FloatPointer(outCapacity);
            // not new PointerPointer<>(out): that constructor aliases the buffer instead of pointing at it
            outPlanes = new PointerPointer<FloatPointer>(1).put(0, out);
        }

        private void append(int n) {
            if (n <= 0) return;
            if (size + n > samples.length) samples = Arrays.copyOf(samples, Math.max(size + n, samples.length * 2));
            out.get(samples, size, n);
            size += n;
        }
    }
}
