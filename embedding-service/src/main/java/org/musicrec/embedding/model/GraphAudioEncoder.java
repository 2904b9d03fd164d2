package org.musicrec.embedding.model;

import org.musicrec.embedding.audio.Pcm;

/** An {@link AudioEncoder} over weights held in memory (during training and evaluation, before export). */
final class GraphAudioEncoder implements AudioEncoder {

    private final InferenceGraph graph;
    private final CropEncoder crops;
    private final String version;

    GraphAudioEncoder(AudioWeights weights, String version, int threads) {
        this.graph = new InferenceGraph(weights, threads);
        this.crops = new CropEncoder(graph.function());
        this.version = version;
    }

    @Override
    public Embedding embed(Pcm pcm) {
        return new Embedding(crops.embedTrack(pcm), version);
    }

    CropEncoder crops() {
        return crops;
    }

    InferenceGraph graph() {
        return graph;
    }

    @Override
    public String modelVersion() {
        return version;
    }

    @Override
    public void close() {
        graph.close();
    }
}
