package org.musicrec.embedding.model;

import java.util.List;

/** Small dense-vector helpers shared by pooling, evaluation and tests. */
public final class Vectors {

    private Vectors() {
    }

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    /** The mean of the rows, scaled to unit length (a zero mean stays zero). */
    public static float[] meanNormalised(List<float[]> rows) {
        if (rows.isEmpty()) throw new IllegalArgumentException("nothing to pool");
        double[] sum = new double[rows.get(0).length];
        for (float[] r : rows) for (int i = 0; i < sum.length; i++) sum[i] += r[i];
        double norm = 0;
        for (double v : sum) norm += v * v;
        norm = Math.sqrt(norm);
        float[] out = new float[sum.length];
        if (norm > 0) for (int i = 0; i < out.length; i++) out[i] = (float) (sum[i] / norm);
        return out;
    }
}
