package org.musicrec.recommender.ranking;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Copies between Java arrays and tensors; callers own (and close) every tensor returned. */
final class Tensors {

    private Tensors() {
    }

    static TInt32 ints(Shape shape, int[] values) {
        return TInt32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    static TFloat32 floats(Shape shape, float[] values) {
        return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    static float[] read(TFloat32 tensor) {
        float[] values = new float[Math.toIntExact(tensor.shape().size())];
        tensor.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    /** Splits a [rows, columns] tensor into rows. */
    static float[][] readRows(TFloat32 tensor) {
        int rows = Math.toIntExact(tensor.shape().get(0));
        int columns = Math.toIntExact(tensor.shape().get(1));
        float[] flat = read(tensor);
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = new float[columns];
            System.arraycopy(flat, r * columns, out[r], 0, columns);
        }
        return out;
    }

    /**
     * The last {@code maxLength} items of each history, left-padded with 0, as one [rows, maxLength] array.
     */
    static int[] leftPadded(int[][] histories, int maxLength) {
        int[] flat = new int[histories.length * maxLength];
        for (int r = 0; r < histories.length; r++) {
            int[] history = histories[r];
            int take = Math.min(history.length, maxLength);
            System.arraycopy(history, history.length - take, flat, r * maxLength + maxLength - take, take);
        }
        return flat;
    }
}
