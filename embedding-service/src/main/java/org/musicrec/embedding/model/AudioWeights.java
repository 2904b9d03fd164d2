package org.musicrec.embedding.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named float parameters of the audio network, in the order of {@link AudioNetwork#params()}. */
final class AudioWeights {

    private final Map<String, float[]> values = new LinkedHashMap<>();

    void put(String name, float[] v) {
        values.put(name, v);
    }

    float[] get(String name) {
        float[] v = values.get(name);
        if (v == null) throw new IllegalArgumentException("no parameter named " + name);
        return v;
    }

    Map<String, float[]> asMap() {
        return values;
    }

    /** Checks every parameter of the network is present with the right size. */
    AudioWeights validated() {
        for (AudioNetwork.ParamSpec spec : AudioNetwork.params()) {
            float[] v = values.get(spec.name());
            if (v == null || v.length != spec.size()) {
                throw new IllegalArgumentException("parameter " + spec.name() + " should hold " + spec.size() + " values");
            }
        }
        return this;
    }

    void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(values.size());
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeInt(e.getValue().length);
            for (float f : e.getValue()) data.writeFloat(f);
        }
        data.flush();
    }

    static AudioWeights read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        AudioWeights w = new AudioWeights();
        int n = data.readInt();
        for (int i = 0; i < n; i++) {
            String name = data.readUTF();
            float[] v = new float[data.readInt()];
            for (int j = 0; j < v.length; j++) v[j] = data.readFloat();
            w.put(name, v);
        }
        return w.validated();
    }
}
