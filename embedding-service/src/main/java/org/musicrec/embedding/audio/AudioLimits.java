package org.musicrec.embedding.audio;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on audio input: bytes accepted, the shortest and longest audio decoded, and wall time spent decoding one
 * input. Bound from {@code musicrec.audio.*} (e.g. {@code MUSICREC_AUDIO_MAX_BYTES=50MB}).
 */
@Validated
@ConfigurationProperties("musicrec.audio")
public record AudioLimits(
        @NotNull @DefaultValue("50MB") DataSize maxBytes,
        @NotNull @DefaultValue("1s") Duration minDuration,
        @NotNull @DefaultValue("20m") Duration maxDuration,
        @NotNull @DefaultValue("60s") Duration maxDecodeTime) {

    public AudioLimits {
        if (maxBytes == null || maxBytes.toBytes() <= 0) throw new IllegalArgumentException("maxBytes must be positive");
        if (minDuration == null || minDuration.isNegative())
            throw new IllegalArgumentException("minDuration must not be negative");
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero())
            throw new IllegalArgumentException("maxDuration must be positive");
        if (minDuration.compareTo(maxDuration) >= 0)
            throw new IllegalArgumentException("minDuration (" + minDuration + ") must be shorter than maxDuration ("
                    + maxDuration + ")");
        if (maxDecodeTime == null || maxDecodeTime.isNegative() || maxDecodeTime.isZero())
            throw new IllegalArgumentException("maxDecodeTime must be positive");
    }

    /** The defaults above, for code that runs without a Spring context (command-line tools). */
    public static AudioLimits defaults() {
        return new AudioLimits(DataSize.ofMegabytes(50), Duration.ofSeconds(1), Duration.ofMinutes(20), Duration.ofSeconds(60));
    }

    /** Generous limits for offline tools that read whole soundtracks (they skip tracks too short for them). */
    public static AudioLimits offline() {
        return new AudioLimits(DataSize.ofMegabytes(500), Duration.ZERO, Duration.ofHours(2), Duration.ofMinutes(10));
    }
}
