package dev.tensorlens.demo;

import java.util.Random;

/**
 * A two-layer perceptron, 784 → 64 (ReLU) → 10, trained with softmax cross-entropy and plain SGD one example at a
 * time. Weights are in PyTorch's {@code nn.Linear} layout, {@code (out, in)} row-major, so the checkpoints read
 * like a {@code state_dict}. Inputs are mostly zero (background), so the first layer skips zero pixels.
 */
final class Mlp {

    static final int INPUTS = DigitImages.PIXELS;
    static final int HIDDEN = 64;
    static final int CLASSES = 10;

    final float[] w0 = new float[HIDDEN * INPUTS];
    final float[] b0 = new float[HIDDEN];
    final float[] w1 = new float[CLASSES * HIDDEN];
    final float[] b1 = new float[CLASSES];

    private final float[] hidden = new float[HIDDEN];
    private final float[] probabilities = new float[CLASSES];

    /** PyTorch's default for Linear: uniform in ±1/sqrt(fan_in). */
    Mlp(long seed) {
        Random random = new Random(seed);
        fill(w0, random, 1 / Math.sqrt(INPUTS));
        fill(b0, random, 1 / Math.sqrt(INPUTS));
        fill(w1, random, 1 / Math.sqrt(HIDDEN));
        fill(b1, random, 1 / Math.sqrt(HIDDEN));
    }

    private static void fill(float[] a, Random random, double bound) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }

    /** One epoch over {@code order} (indices into {@code data}); returns the mean training loss. */
    double trainEpoch(DigitImages data, int[] order, float learningRate) {
        double totalLoss = 0;
        int[] nonZero = new int[INPUTS];
        float[] x = new float[INPUTS];
        float[] hiddenGrad = new float[HIDDEN];
        for (int i : order) {
            int n = sparseInput(data, i, x, nonZero);
            forward(x, nonZero, n);
            int label = data.labels()[i];
            totalLoss += -Math.log(Math.max(1e-12, probabilities[label]));

            // d loss / d logits = softmax − one-hot
            for (int h = 0; h < HIDDEN; h++) {
                hiddenGrad[h] = 0;
            }
            for (int c = 0; c < CLASSES; c++) {
                float g = probabilities[c] - (c == label ? 1 : 0);
                int row = c * HIDDEN;
                for (int h = 0; h < HIDDEN; h++) {
                    hiddenGrad[h] += g * w1[row + h];
                    w1[row + h] -= learningRate * g * hidden[h];
                }
                b1[c] -= learningRate * g;
            }
            for (int h = 0; h < HIDDEN; h++) {
                if (hidden[h] <= 0) {
                    continue; // ReLU passes no gradient
                }
                float g = learningRate * hiddenGrad[h];
                int row = h * INPUTS;
                for (int k = 0; k < n; k++) {
                    int p = nonZero[k];
                    w0[row + p] -= g * x[p];
                }
                b0[h] -= g;
            }
        }
        return totalLoss / order.length;
    }

    /** Share of {@code indices} classified correctly. */
    double accuracy(DigitImages data, int[] indices) {
        int[] nonZero = new int[INPUTS];
        float[] x = new float[INPUTS];
        int correct = 0;
        for (int i : indices) {
            forward(x, nonZero, sparseInput(data, i, x, nonZero));
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (probabilities[c] > probabilities[best]) {
                    best = c;
                }
            }
            correct += best == data.labels()[i] ? 1 : 0;
        }
        return (double) correct / indices.length;
    }

    private static int sparseInput(DigitImages data, int i, float[] x, int[] nonZero) {
        int n = 0;
        byte[] pixels = data.pixels();
        int offset = i * INPUTS;
        for (int p = 0; p < INPUTS; p++) {
            int v = pixels[offset + p] & 0xFF;
            x[p] = v / 255f;
            if (v != 0) {
                nonZero[n++] = p;
            }
        }
        return n;
    }

    private void forward(float[] x, int[] nonZero, int n) {
        for (int h = 0; h < HIDDEN; h++) {
            float sum = b0[h];
            int row = h * INPUTS;
            for (int k = 0; k < n; k++) {
                int p = nonZero[k];
                sum += w0[row + p] * x[p];
            }
            hidden[h] = Math.max(0, sum);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            float sum = b1[c];
            int row = c * HIDDEN;
            for (int h = 0; h < HIDDEN; h++) {
                sum += w1[row + h] * hidden[h];
            }
            probabilities[c] = sum;
            max = Math.max(max, sum);
        }
        float total = 0;
        for (int c = 0; c < CLASSES; c++) {
            probabilities[c] = (float) Math.exp(probabilities[c] - max); // shift for numerical safety
            total += probabilities[c];
        }
        for (int c = 0; c < CLASSES; c++) {
            probabilities[c] /= total;
        }
    }

    /** A copy of the weights as they are now: one checkpoint. */
    Checkpoint snapshot(int epoch, double trainLoss, double valAccuracy, double testAccuracy) {
        return new Checkpoint(epoch, trainLoss, valAccuracy, testAccuracy, w0.clone(), b0.clone(), w1.clone(), b1.clone());
    }
}
