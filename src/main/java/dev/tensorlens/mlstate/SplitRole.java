package dev.tensorlens.mlstate;

import java.util.Locale;

/**
 * What a split is for, whatever it is called: the data a model learns from, the data it is tuned on, and the data it
 * is judged on. An id in both a training and an evaluation split is a leak: the evaluation split is the one to take
 * it out of.
 */
public enum SplitRole {
    TRAIN, VALIDATION, TEST, OTHER;

    public static SplitRole of(String splitName) {
        return switch (splitName.toLowerCase(Locale.ROOT)) {
            case "train", "training" -> TRAIN;
            case "val", "valid", "validation", "dev" -> VALIDATION;
            case "test", "testing", "holdout", "eval", "evaluation" -> TEST;
            default -> OTHER;
        };
    }

    /** Train first, then validation, then test, then the rest: the order splits are listed in. */
    public int rank() {
        return ordinal();
    }

    /** Of two overlapping splits, the one a leaked id should leave: the later one in train → validation → test. */
    public static DatasetSplits.Split evaluationSide(DatasetSplits.Split a, DatasetSplits.Split b) {
        return b.role().rank() >= a.role().rank() ? b : a;
    }
}
