package dev.tensorlens.tensor.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * What a layer's statistics say is wrong with it, the things a user scans a layer table for: values that are not
 * numbers, a layer that is all zeros (never initialised, or pruned away), or a dead one whose every value is the
 * same.
 */
public enum Health {
    NON_FINITE("NaN/Inf"),
    ALL_ZEROS("all zeros"),
    CONSTANT("constant");

    private final String words;

    Health(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** The flags of a tensor with these statistics, most serious first; empty for a healthy one. */
    public static List<Health> of(TensorStats s) {
        List<Health> flags = new ArrayList<>();
        if (s.nonFiniteCount() > 0) {
            flags.add(NON_FINITE);
        }
        if (s.count() > 0 && s.zeros() == s.count()) {
            flags.add(ALL_ZEROS);
        } else if (s.finiteCount() > 1 && s.min() == s.max()) {
            flags.add(CONSTANT);
        }
        return flags;
    }
}
