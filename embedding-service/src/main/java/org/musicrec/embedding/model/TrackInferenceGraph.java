package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.TrackModelSpec.ARTIST_BUCKETS;
import static org.musicrec.embedding.model.TrackModelSpec.AUDIO_DIM;
import static org.musicrec.embedding.model.TrackModelSpec.EMBEDDING_DIM;
import static org.musicrec.embedding.model.TrackModelSpec.INPUT_ARTIST;
import static org.musicrec.embedding.model.TrackModelSpec.INPUT_AUDIO;
import static org.musicrec.embedding.model.TrackModelSpec.INPUT_HAS_AUDIO;
import static org.musicrec.embedding.model.TrackModelSpec.INPUT_TAGS;
import static org.musicrec.embedding.model.TrackModelSpec.INPUT_TITLE;
import static org.musicrec.embedding.model.TrackModelSpec.OUTPUT_EMBEDDING;
import static org.musicrec.embedding.model.TrackModelSpec.SIGNATURE_KEY;
import static org.musicrec.embedding.model.TrackModelSpec.TAG_BUCKETS;
import static org.musicrec.embedding.model.TrackModelSpec.TITLE_BUCKETS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The inference-only track encoder graph (hashed metadata + audio embedding → track vector) with trained weights
 * as variables, and a session that has initialised them. Owns and closes both. {@link #run} also serves a loaded
 * SavedModel's function, so evaluation in training and serving share one code path.
 */
final class TrackInferenceGraph implements AutoCloseable {

    static final int BATCH = 256;

    private final Graph graph;
    private final Session session;
    private final SessionFunction function;

    TrackInferenceGraph(Map<String, float[]> weights, int threads) {
        TrackNetwork.validated(weights);
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            TrackNetwork.Inputs in = placeholders(tf);
            var embedding = tf.withName(OUTPUT_EMBEDDING).identity(TrackNetwork.encode(tf, in,
                    (name, shape) -> tf.withName(name).variable(tf.constant(shape, DataBuffers.of(weights.get(name), true, false)))));
            session = new Session(graph, InferenceGraph.config(threads));
            session.initialize();
            function = session.function(Signature.builder().key(SIGNATURE_KEY)
                    .input(INPUT_TAGS, in.tags()).input(INPUT_ARTIST, in.artist()).input(INPUT_TITLE, in.title())
                    .input(INPUT_AUDIO, in.audio()).input(INPUT_HAS_AUDIO, in.hasAudio())
                    .output(OUTPUT_EMBEDDING, embedding).build());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** Named placeholders for the signature's inputs, any batch size. */
    static TrackNetwork.Inputs placeholders(Ops tf) {
        return new TrackNetwork.Inputs(
                tf.withName(INPUT_TAGS).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, TAG_BUCKETS))),
                tf.withName(INPUT_ARTIST).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, ARTIST_BUCKETS))),
                tf.withName(INPUT_TITLE).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, TITLE_BUCKETS))),
                tf.withName(INPUT_AUDIO).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, AUDIO_DIM))),
                tf.withName(INPUT_HAS_AUDIO).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1))));
    }

    SessionFunction function() {
        return function;
    }

    List<float[]> encode(List<TrackFeatures> tracks) {
        return encode(function, tracks);
    }

    /** Runs the signature on the tracks in batches of {@link #BATCH}; one unit vector per track, in order. */
    static List<float[]> encode(SessionFunction function, List<TrackFeatures> tracks) {
        List<float[]> out = new ArrayList<>(tracks.size());
        for (int from = 0; from < tracks.size(); from += BATCH) {
            out.addAll(run(function, TrackFeaturizer.batch(tracks.subList(from, Math.min(tracks.size(), from + BATCH)))));
        }
        return out;
    }

    static List<float[]> run(SessionFunction function, TrackFeaturizer.Batch b) {
        int n = b.n();
        try (TFloat32 tags = tensor(b.tags(), n, TAG_BUCKETS);
             TFloat32 artist = tensor(b.artist(), n, ARTIST_BUCKETS);
             TFloat32 title = tensor(b.title(), n, TITLE_BUCKETS);
             TFloat32 audio = tensor(b.audio(), n, AUDIO_DIM);
             TFloat32 hasAudio = tensor(b.hasAudio(), n, 1)) {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            feeds.put(INPUT_TAGS, tags);
            feeds.put(INPUT_ARTIST, artist);
            feeds.put(INPUT_TITLE, title);
            feeds.put(INPUT_AUDIO, audio);
            feeds.put(INPUT_HAS_AUDIO, hasAudio);
            try (Result result = function.call(feeds)) {
                TFloat32 output = (TFloat32) result.get(OUTPUT_EMBEDDING)
                        .orElseThrow(() -> new IllegalStateException("the model has no output " + OUTPUT_EMBEDDING));
                if (output.shape().numDimensions() != 2 || output.shape().get(0) != n || output.shape().get(1) != EMBEDDING_DIM) {
                    throw new IllegalStateException("the model returned shape " + output.shape() + ", expected [" + n + ", "
                            + EMBEDDING_DIM + "]");
                }
                float[] flat = new float[n * EMBEDDING_DIM];
                output.copyTo(DataBuffers.of(flat, false, false));
                List<float[]> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    float[] row = new float[EMBEDDING_DIM];
                    System.arraycopy(flat, i * EMBEDDING_DIM, row, 0, EMBEDDING_DIM);
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    static TFloat32 tensor(float[] values, int rows, int cols) {
        return TFloat32.tensorOf(Shape.of(rows, cols), DataBuffers.of(values, true, false));
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
