package org.musicrec.embedding.model;

import static org.musicrec.embedding.model.AudioModelSpec.CROP_FRAMES;
import static org.musicrec.embedding.model.AudioModelSpec.CROP_SAMPLES;
import static org.musicrec.embedding.model.AudioModelSpec.INPUT_WAVEFORM;
import static org.musicrec.embedding.model.AudioModelSpec.OUTPUT_CROP_EMBEDDINGS;
import static org.musicrec.embedding.model.AudioModelSpec.SIGNATURE_KEY;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The inference-only graph (waveform crops → front end → CNN → crop embeddings) with trained weights as
 * variables, and a session that has initialised them. Owns and closes both.
 */
final class InferenceGraph implements AutoCloseable {

    private final Graph graph;
    private final Session session;
    private final SessionFunction function;

    InferenceGraph(AudioWeights weights, int threads) {
        weights.validated();
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> waveform = tf.withName(INPUT_WAVEFORM).placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, CROP_SAMPLES)));
            Operand<TFloat32> logMel = LogMelFrontEnd.logMel(tf, waveform, CROP_FRAMES);
            Operand<TFloat32> embeddings = tf.withName(OUTPUT_CROP_EMBEDDINGS).identity(
                    AudioNetwork.embed(tf, logMel, (name, shape) -> tf.withName(name).variable(
                            tf.constant(shape, DataBuffers.of(weights.get(name), true, false)))));
            session = new Session(graph, config(threads));
            session.initialize();
            function = session.function(Signature.builder().key(SIGNATURE_KEY)
                    .input(INPUT_WAVEFORM, waveform).output(OUTPUT_CROP_EMBEDDINGS, embeddings).build());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    static ConfigProto config(int threads) {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(1)
                .build();
    }

    SessionFunction function() {
        return function;
    }

    Session session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
