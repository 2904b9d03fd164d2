package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.TrackModelSpec.ARTIST_BUCKETS;
import static org.musicrec.embedding.model.TrackModelSpec.AUDIO_DIM;
import static org.musicrec.embedding.model.TrackModelSpec.TAG_BUCKETS;
import static org.musicrec.embedding.model.TrackModelSpec.TITLE_BUCKETS;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hashes track metadata into the encoder's fixed-size inputs ({@link TrackModelSpec#HASHING}). Training and serving
 * both go through here, so a tag lands in the same bucket in both.
 */
final class TrackFeaturizer {

    private static final Pattern WORD_SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private TrackFeaturizer() {
    }

    /** A track's hashed features in sparse form: bucket indices and their weights per input. */
    record Sparse(int[] tagIdx, float[] tagVal, int artistIdx, int[] titleIdx, float[] titleVal, float[] audio) {
    }

    /** Dense inputs for n tracks, row-major, in the order of the signature's inputs. */
    record Batch(int n, float[] tags, float[] artist, float[] title, float[] audio, float[] hasAudio) {
        static Batch allocate(int n) {
            return new Batch(n, new float[n * TAG_BUCKETS], new float[n * ARTIST_BUCKETS], new float[n * TITLE_BUCKETS],
                    new float[n * AUDIO_DIM], new float[n]);
        }
    }

    static Sparse sparse(TrackFeatures t) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : t.tags()) {
            String norm = normalise(tag);
            if (!norm.isEmpty()) tags.add(norm);
        }
        int[] tagIdx = new int[tags.size()];
        float[] tagVal = new float[tags.size()];
        int i = 0;
        for (String tag : tags) {
            tagIdx[i] = bucket("tag:" + tag, TAG_BUCKETS);
            tagVal[i++] = (float) (1 / Math.sqrt(tags.size()));
        }
        String artist = normalise(t.artist());
        int artistIdx = artist.isEmpty() ? -1 : bucket("artist:" + artist, ARTIST_BUCKETS);
        Set<String> words = new LinkedHashSet<>();
        for (String w : WORD_SPLIT.split(t.title().toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty()) words.add(w);
        }
        int[] titleIdx = new int[words.size()];
        float[] titleVal = new float[words.size()];
        i = 0;
        for (String w : words) {
            titleIdx[i] = bucket("title:" + w, TITLE_BUCKETS);
            titleVal[i++] = (float) (1 / Math.sqrt(words.size()));
        }
        return new Sparse(tagIdx, tagVal, artistIdx, titleIdx, titleVal, t.audio());
    }

    /**
     * Writes one track into row {@code row} of the batch (the row must be zero).
     *
     * @param keepArtist  false drops the artist (training: feature dropout, so tags alone carry signal)
     * @param keepTitle   false drops the title words
     * @param keepAudio   false drops the audio embedding
     */
    static void fill(Batch b, int row, Sparse s, boolean keepArtist, boolean keepTitle, boolean keepAudio) {
        for (int k = 0; k < s.tagIdx().length; k++) b.tags()[row * TAG_BUCKETS + s.tagIdx()[k]] += s.tagVal()[k];
        if (keepArtist && s.artistIdx() >= 0) b.artist()[row * ARTIST_BUCKETS + s.artistIdx()] = 1;
        if (keepTitle) {
            for (int k = 0; k < s.titleIdx().length; k++) b.title()[row * TITLE_BUCKETS + s.titleIdx()[k]] += s.titleVal()[k];
        }
        if (keepAudio && s.audio() != null) {
            System.arraycopy(s.audio(), 0, b.audio(), row * AUDIO_DIM, AUDIO_DIM);
            b.hasAudio()[row] = 1;
        }
    }

    static Batch batch(List<TrackFeatures> tracks) {
        Batch b = Batch.allocate(tracks.size());
        for (int i = 0; i < tracks.size(); i++) fill(b, i, sparse(tracks.get(i)), true, true, true);
        return b;
    }

    /** Lower case, trimmed, inner whitespace collapsed: "Hip  Hop " and "hip hop" are one tag. */
    static String normalise(String s) {
        return s == null ? "" : SPACES.matcher(s.trim().toLowerCase(Locale.ROOT)).replaceAll(" ");
    }

    /** FNV-1a 32-bit of the UTF-8 bytes, reduced to [0, buckets). Stable across JVMs and releases. */
    static int bucket(String token, int buckets) {
        int h = 0x811c9dc5;
        for (byte c : token.getBytes(StandardCharsets.UTF_8)) {
            h ^= c & 0xff;
            h *= 0x01000193;
        }
        return Integer.remainderUnsigned(h, buckets);
    }
}
