package dev.tensorlens.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's whole ML story, computed once per JVM (it is deterministic, so a second seed reuses it): the
 * synthetic dataset, its train/val/test split, and one checkpoint per epoch of training.
 */
final class DemoTraining {

    static final long SEED = 20240607L;
    static final int IMAGES = 2500;
    static final int TRAIN = 2000;
    static final int VAL = 250;
    static final int EPOCHS = 3;
    static final float LEARNING_RATE = 0.02f;

    final DigitImages images;
    final int[] trainIds;
    final int[] valIds;
    final int[] testIds;
    final List<Checkpoint> checkpoints;

    private static volatile DemoTraining cached;

    private DemoTraining(DigitImages images, int[] trainIds, int[] valIds, int[] testIds, List<Checkpoint> checkpoints) {
        this.images = images;
        this.trainIds = trainIds;
        this.valIds = valIds;
        this.testIds = testIds;
        this.checkpoints = checkpoints;
    }

    static DemoTraining get() {
        DemoTraining t = cached;
        if (t == null) {
            synchronized (DemoTraining.class) {
                t = cached;
                if (t == null) {
                    t = run();
                    cached = t;
                }
            }
        }
        return t;
    }

    static DemoTraining run() {
        DigitImages images = SyntheticDigits.generate(IMAGES, SEED);
        int[] train = range(0, TRAIN);
        int[] val = range(TRAIN, TRAIN + VAL);
        int[] test = range(TRAIN + VAL, IMAGES);
        Mlp mlp = new Mlp(SEED + 1);
        Random shuffle = new Random(SEED + 2);
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            int[] order = train.clone();
            shuffleInPlace(order, shuffle);
            double loss = mlp.trainEpoch(images, order, LEARNING_RATE);
            checkpoints.add(mlp.snapshot(epoch, loss, mlp.accuracy(images, val), mlp.accuracy(images, test)));
        }
        return new DemoTraining(images, train, val, test, List.copyOf(checkpoints));
    }

    private static int[] range(int from, int to) {
        int[] ids = new int[to - from];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from + i;
        }
        return ids;
    }

    private static void shuffleInPlace(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
