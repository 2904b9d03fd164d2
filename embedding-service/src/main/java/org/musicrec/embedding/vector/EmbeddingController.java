package org.musicrec.embedding.vector;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.musicrec.embedding.audio.AudioLimits;
import org.musicrec.embedding.audio.InvalidAudioException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A track's audio, embedding and similar tracks. */
@RestController
@RequestMapping("/api/v1/tracks/{trackId}")
class EmbeddingController {

    private static final String ID = "(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}";
    private static final String ID_MESSAGE = "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'";

    private static final String SEND_AUDIO = "send the audio file with Content-Type audio/* (e.g. audio/ogg), video/*,"
            + " application/ogg or application/octet-stream";

    private final EmbeddingService service;
    private final AudioLimits limits;

    EmbeddingController(EmbeddingService service, AudioLimits limits) {
        this.service = service;
        this.limits = limits;
    }

    /** The raw audio file as the body (any common format); 202 with the job to poll. */
    @PutMapping("/audio")
    ResponseEntity<AudioJob> upload(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String trackId,
                                    HttpServletRequest request) throws IOException {
        byte[] audio = readLimited(request);
        AudioJob job = service.submit(trackId, audio);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/tracks/" + trackId + "/audio/jobs/" + job.jobId()))
                .body(job);
    }

    @GetMapping("/audio/jobs/{jobId}")
    AudioJob job(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String trackId, @PathVariable UUID jobId) {
        return service.job(trackId, jobId);
    }

    @GetMapping("/embedding")
    Map<String, Object> embedding(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String trackId) {
        TrackVector v = service.vector(trackId);
        return Map.of("trackId", v.trackId(), "modelVersion", v.modelVersion(), "dimension", v.vector().length,
                "vector", v.vector(), "sources", v.sources(), "updatedAt", v.updatedAt());
    }

    @GetMapping("/similar")
    Map<String, Object> similar(@PathVariable @Pattern(regexp = ID, message = ID_MESSAGE) String trackId,
                                // no defaultValue: Spring would put it in place of an empty ?limit= instead of refusing it
                                @RequestParam(required = false) @Min(1) @Max(100) Integer limit) {
        int n = limit == null ? 10 : limit;
        List<Map<String, Object>> items = service.similar(trackId, n).stream().map(s -> Map.<String, Object>of(
                "trackId", s.trackId(), "similarity", s.similarity(),
                "title", s.track() == null ? "" : s.track().title(),
                "artist", s.track() == null ? "" : s.track().artist())).toList();
        return Map.of("trackId", trackId, "items", items);
    }

    /**
     * Refuses a declared Content-Type that cannot be audio. Media containers (video/*, application/ogg) carry audio
     * and octet-stream says nothing; an absent Content-Type is accepted too, since the decoder sniffs the bytes.
     */
    static void checkContentType(String header) {
        if (header == null || header.isBlank()) return;
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            throw new InvalidAudioException(InvalidAudioException.Kind.UNSUPPORTED,
                    "the Content-Type '" + header + "' cannot be parsed; " + SEND_AUDIO);
        }
        String kind = type.getType(); // MediaType lower-cases type and subtype
        if (kind.equals("multipart")) {
            throw new InvalidAudioException(InvalidAudioException.Kind.UNSUPPORTED, "send the audio file itself as the"
                    + " body (Content-Type audio/* or application/octet-stream), not a multipart form");
        }
        boolean audio = kind.equals("audio") || kind.equals("video") || kind.equals("application")
                && (type.getSubtype().equals("ogg") || type.getSubtype().equals("octet-stream"));
        if (!audio) {
            throw new InvalidAudioException(InvalidAudioException.Kind.UNSUPPORTED, "the Content-Type "
                    + type.getType() + "/" + type.getSubtype() + " is not audio; " + SEND_AUDIO);
        }
    }

    private byte[] readLimited(HttpServletRequest request) throws IOException {
        checkContentType(request.getContentType());
        long max = limits.maxBytes().toBytes();
        if (request.getContentLengthLong() > max) {
            throw new InvalidAudioException(InvalidAudioException.Kind.TOO_LARGE,
                    "the upload has " + request.getContentLengthLong() + " bytes; at most " + max + " are accepted");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new InvalidAudioException(InvalidAudioException.Kind.TOO_LARGE,
                        "the upload is larger than " + max + " bytes");
            }
            return bytes;
        }
    }
}
