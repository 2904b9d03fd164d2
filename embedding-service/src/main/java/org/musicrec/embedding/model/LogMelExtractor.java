package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.HOP;
import static org.musicrec.embedding.model.AudioModelSpec.MEL_BINS;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Runs the graph front end ({@link LogMelFrontEnd}) over a whole signal. Frame f of the result equals frame 0 of a
 * crop starting at sample f * HOP, so training on slices of it trains on exactly what serving computes.
 */
final class LogMelExtractor implements AutoCloseable {

    /** Frames computed per session call, to bound native memory on long tracks. */
    private static final int CHUNK_FRAMES = 4096;

    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;

    LogMelExtractor(int threads) {
        Ops tf = Ops.create(graph);
        input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1)));
        output = LogMelFrontEnd.logMel(tf, input, -1);
        session = new Session(graph, InferenceGraph.config(threads));
    }

    /** Number of frames a signal of this many samples yields. */
    static int frames(int samples) {
        return Math.max(0, samples / HOP - 1);
    }

    /** @return [frames(samples.length) * MEL_BINS] log-mel values, frame-major */
    float[] extract(float[] samples) {
        int total = frames(samples.length);
        float[] out = new float[total * MEL_BINS];
        for (int from = 0; from < total; from += CHUNK_FRAMES) {
            int n = Math.min(CHUNK_FRAMES, total - from);
            float[] chunk = new float[(n + 1) * HOP];
            System.arraycopy(samples, from * HOP, chunk, 0, chunk.length);
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, chunk.length), DataBuffers.of(chunk, true, false));
                 TFloat32 y = (TFloat32) session.runner().feed(input, x).fetch(output).run().get(0)) {
                y.copyTo(DataBuffers.of(out, false, false).slice((long) from * MEL_BINS, (long) n * MEL_BINS));
            }
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
